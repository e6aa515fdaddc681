package io.spotlink.spot;

import org.apache.camel.Exchange;

/**
 * Puts Spot's API key on one call (route spot-http), from Java rather than a {{spot.api.key}} placeholder in the
 * route: Camel logs each placeholder it resolves at DEBUG, and route dumps show resolved values, so the key must
 * never be written into a route.
 */
public final class SpotAuthorization {

    private final String header;

    public SpotAuthorization(String apiKey) {
        this.header = "Token " + apiKey;
    }

    public void apply(Exchange exchange) {
        exchange.getMessage().setHeader("Authorization", header);
    }

    @Override
    public String toString() {
        return "SpotAuthorization[key hidden]";
    }
}
