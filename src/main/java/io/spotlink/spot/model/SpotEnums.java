package io.spotlink.spot.model;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Spot's enumerations as Spotlink reads them: a value the seed OpenAPI does not list (Spot adds values over time) is
 * kept as its text, never dropped or replaced by a default. The text is bounded to what the ledger's status columns
 * hold (VARCHAR(32)); no known value is longer than 20 characters.
 */
final class SpotEnums {

    static final int MAX_TEXT = 32;

    private SpotEnums() {
    }

    /** The text of a JSON scalar (a number or boolean reads as its text); null for null, blank, objects, arrays. */
    static String text(JsonNode node) {
        if (node == null || !node.isValueNode() || node.isNull()) {
            return null;
        }
        return bounded(node.asText());
    }

    static String bounded(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.strip();
        if (t.length() <= MAX_TEXT) {
            return t;
        }
        int end = Character.isHighSurrogate(t.charAt(MAX_TEXT - 1)) ? MAX_TEXT - 1 : MAX_TEXT;
        return t.substring(0, end);
    }

    @SafeVarargs
    static <T> Map<String, T> index(Function<T, String> wire, T... known) {
        return Arrays.stream(known).collect(Collectors.toUnmodifiableMap(wire, Function.identity()));
    }
}
