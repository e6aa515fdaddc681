package io.spotlink.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spotlink.spot.SpotJson;

import java.util.List;

/** A status and a JSON body, as a {@link SimEndpoint} answers. */
record SimAnswer(int status, JsonNode body) {

    /** Spot's error shape of the seed OpenAPI: {"error":{"status","type","detail"}}. */
    static SimAnswer error(int status, String type, String detail) {
        ObjectNode body = SpotJson.mapper().createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("status", status);
        error.put("type", type);
        error.put("detail", detail);
        return new SimAnswer(status, body);
    }

    /** 400 naming every problem found. */
    static SimAnswer badRequest(List<String> problems) {
        return error(400, "bad_request", String.join("; ", problems));
    }

    static SimAnswer notFound() {
        return error(404, "not_found", "Not found.");
    }

    static SimAnswer notAllowed() {
        return error(405, "bad_request", "Method not allowed.");
    }
}
