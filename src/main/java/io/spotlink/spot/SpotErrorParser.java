package io.spotlink.spot;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads Spot's error bodies, which come in three shapes:
 * {@code {"error":{"status","type","detail"}}} (OpenAPI), {@code {"error":{"code","type","details":[..]}}}
 * (errors page) and a top-level {@code {"detail": ..}} (seen in client code).
 */
public final class SpotErrorParser {

    /** What an error body said: its type (may be null) and every detail it named. */
    public record SpotError(String type, List<String> details) {
    }

    private static final int MAX_RAW = 300;

    private SpotErrorParser() {
    }

    public static SpotError parse(int status, String body) {
        List<String> details = new ArrayList<>();
        String type = null;
        JsonNode root = readTree(body);
        if (root != null && root.isObject()) {
            JsonNode error = root.path("error");
            JsonNode holder = error.isObject() ? error : root;
            type = text(holder.get("type"));
            collect(holder.get("detail"), details);
            collect(holder.get("details"), details);
            if (error.isTextual()) {
                details.add(error.asText());
            }
            if (holder != root) {
                collect(root.get("detail"), details);
            }
        } else if (body != null && !body.isBlank()) {
            // Not JSON (a proxy's HTML page, say): keep a short, single-line excerpt.
            String flat = body.replaceAll("\\s+", " ").trim();
            details.add(flat.length() > MAX_RAW ? flat.substring(0, MAX_RAW) + "..." : flat);
        }
        if (details.isEmpty()) {
            details.add("HTTP " + status + " without details");
        }
        return new SpotError(type, details);
    }

    private static void collect(JsonNode node, List<String> into) {
        if (node == null || node.isNull()) {
            return;
        }
        if (node.isArray()) {
            node.forEach(n -> collect(n, into));
        } else if (node.isObject()) {
            // {"field": ["msg", ...]} as Django REST framework writes validation errors
            node.fields().forEachRemaining(e -> {
                List<String> inner = new ArrayList<>();
                collect(e.getValue(), inner);
                inner.forEach(msg -> into.add(e.getKey() + ": " + msg));
            });
        } else {
            into.add(node.asText());
        }
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private static JsonNode readTree(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return SpotJson.mapper().readTree(body);
        } catch (Exception notJson) {
            return null;
        }
    }
}
