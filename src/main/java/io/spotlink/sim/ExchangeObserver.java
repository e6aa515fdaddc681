package io.spotlink.sim;

import java.util.Map;

/**
 * Sees every request the simulator answered and its answer, for tests that check both against Spot's OpenAPI.
 * Production runs use {@link #NONE}, which costs nothing: bodies are captured only when an observer is set.
 */
@FunctionalInterface
public interface ExchangeObserver {

    ExchangeObserver NONE = exchange -> {
    };

    void exchanged(Exchange exchange);

    /** One request and its answer; {@code status} 0 when the simulator dropped the connection without answering. */
    record Exchange(String method, String path, String rawQuery, Map<String, String> requestHeaders,
                    byte[] requestBody, int status, String responseContentType, byte[] responseBody) {
    }
}
