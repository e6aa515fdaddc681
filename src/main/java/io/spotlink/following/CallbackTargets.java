package io.spotlink.following;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a callback's ids come to: each known id with the Spotlink order it belongs to (to be fetched once each), and
 * the ids Spotlink does not know (ignored).
 */
public record CallbackTargets(Map<String, String> fetching, List<String> ignored) {

    /** The Spot orders to fetch, each once however many of its ids were named. */
    public Set<String> orderIds() {
        return new LinkedHashSet<>((Collection<String>) fetching.values());
    }
}
