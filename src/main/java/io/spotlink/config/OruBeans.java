package io.spotlink.config;

import io.spotlink.results.OruRenderer;
import io.spotlink.spot.SpotClient;

/** Builds the ORU renderer from the oru.* settings and the code mapping files in config/. */
final class OruBeans {

    private OruBeans() {
    }

    static OruRenderer renderer(Settings settings, SpotClient spot) {
        return (report, destination, controlId) -> {
            throw new UnsupportedOperationException("ORU building is not wired yet");
        };
    }
}
