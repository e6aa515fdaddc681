package io.spotlink.ops;

import java.util.List;

/**
 * Another concern's alerts, asked by {@link AlertWatcher} on each look (e.g. cancel requests an operator must carry
 * out at Spot). Each alert is returned once: the source remembers what it has reported.
 */
@FunctionalInterface
public interface AlertSource {

    /** @param instance this replica's name; @param at the time of the look (ISO-8601) */
    List<Alert> due(String instance, String at);
}
