package io.spotlink.ops;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * One alert for the hospital's on-call webhook. Ids and counts only: never a name, birth date, address or message
 * content, because a chat channel or a ticket system is no place for PHI.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Alert(String alert, String severity, String summary, @JsonProperty("count") int count,
                   List<String> ids, String instance, String at) {

    /** At most this many ids in one alert: the operator page lists the rest. */
    static final int MAX_IDS = 20;

    static Alert of(String alert, String severity, String summary, List<String> ids, String instance, String at) {
        return new Alert(alert, severity, summary, ids.size(), ids.stream().limit(MAX_IDS).toList(), instance, at);
    }
}
