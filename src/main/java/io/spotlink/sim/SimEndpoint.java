package io.spotlink.sim;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.time.Instant;
import java.util.Map;

/**
 * A part of Spot's API answered beside SimHttpHandler's orders and kits (requisitions, patients, tokens, kit
 * activation). Authentication and faults are SimHttpHandler's; an endpoint only answers.
 */
interface SimEndpoint {

    /** The request body as JSON, read on demand: null when empty or not JSON. */
    @FunctionalInterface
    interface Body {
        JsonNode read() throws IOException;
    }

    /** The answer, or null when the path is not one of this endpoint's. */
    SimAnswer answer(String method, String path, Map<String, String> query, Body body, Instant now)
            throws IOException;
}
