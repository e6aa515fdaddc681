package io.spotlink.intake;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads canonical orders from JSON text (one order, or an array of them) with {@link IntakeJson}'s strict rules,
 * naming the field of a type error. Never echoes input back: an error says where, not what.
 */
public final class CanonicalOrderReader {

    private CanonicalOrderReader() {
    }

    public static CanonicalOrder readOne(String json) {
        JsonNode node = tree(json);
        if (!node.isObject()) {
            throw new InvalidOrderException(List.of(new FieldError("order", "must be a JSON object")));
        }
        return bind(node, "");
    }

    /** A JSON array of orders, or a single order. */
    public static List<CanonicalOrder> readMany(String json) {
        JsonNode node = tree(json);
        List<CanonicalOrder> orders = new ArrayList<>();
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                orders.add(bind(node.get(i), "[" + i + "]."));
            }
        } else {
            orders.add(bind(node, ""));
        }
        return orders;
    }

    /** Binds one JSON node; reused by channels that hold a node already (JSON arrays, CSV rows). */
    public static CanonicalOrder bind(JsonNode node, String prefix) {
        if (node == null || !node.isObject()) {
            throw new InvalidOrderException(List.of(new FieldError(prefix.isEmpty() ? "order"
                    : prefix.substring(0, prefix.length() - 1), "must be a JSON object")));
        }
        try {
            return IntakeJson.mapper().treeToValue(node, CanonicalOrder.class);
        } catch (JsonMappingException e) {
            String field = e.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            throw new InvalidOrderException(List.of(new FieldError(prefix + (field.isEmpty() ? "order" : field),
                    "has the wrong type (" + expected(e) + ")")));
        } catch (JsonProcessingException e) {
            throw new InvalidOrderException(List.of(new FieldError(prefix + "order", "is not valid JSON")));
        }
    }

    /** The whole text as one JSON value: refuses empty input, trailing data, duplicate keys and the limits. */
    public static JsonNode tree(String json) {
        if (json == null || json.isBlank()) {
            throw new InvalidOrderException(List.of(new FieldError("order", "is required: the body is empty")));
        }
        try {
            JsonNode node = IntakeJson.mapper().readTree(json);
            if (node == null || node.isMissingNode()) {
                throw new InvalidOrderException(List.of(new FieldError("order", "is required: the body is empty")));
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new InvalidOrderException(List.of(new FieldError("order", describe(e))));
        }
    }

    /** Why a JSON text was refused, in words a sender can act on, with the place but never the content. */
    public static String describe(JsonProcessingException e) {
        String where = where(e.getLocation());
        if (e instanceof StreamConstraintsException) {
            String m = String.valueOf(e.getOriginalMessage());
            if (m.contains("depth")) {
                return "nests objects or arrays deeper than " + IntakeJson.MAX_DEPTH + " levels" + where;
            }
            if (m.contains("Number")) {
                return "has a number longer than " + IntakeJson.MAX_NUMBER_LENGTH + " digits" + where;
            }
            if (m.contains("Name")) {
                return "has a key longer than " + IntakeJson.MAX_NAME_LENGTH + " characters" + where;
            }
            return "has a text value longer than " + IntakeJson.MAX_STRING_LENGTH + " characters" + where;
        }
        String m = String.valueOf(e.getOriginalMessage());
        if (m.startsWith("Duplicate field")) {
            return "has a duplicate key " + m.replaceAll("^Duplicate field '([^']{0,64}).*", "'$1'") + where;
        }
        if (m.contains("Trailing token")) {
            return "has more data after the JSON value (send one order per message, or a JSON array)" + where;
        }
        if (e instanceof StreamReadException || !(e instanceof JsonMappingException)) {
            return "is not valid JSON" + where;
        }
        return "is not valid JSON" + where;
    }

    private static String where(JsonLocation location) {
        if (location == null || location.getLineNr() < 0) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static String expected(JsonMappingException e) {
        String m = String.valueOf(e.getOriginalMessage()).split("\n")[0];
        if (m.contains("String") || m.contains("Textual")) {
            return "expected text";
        }
        if (m.contains("ArrayList") || m.contains("List")) {
            return "expected a list";
        }
        if (m.contains("LinkedHashMap") || m.contains("Map") || m.contains("Object value")) {
            return "expected an object";
        }
        return m.replaceAll(" from .*", "").replaceAll("`[^`]*\\.", "`");
    }
}
