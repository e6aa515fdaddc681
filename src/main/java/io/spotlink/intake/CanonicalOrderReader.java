package io.spotlink.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.spotlink.spot.SpotJson;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Reads canonical orders from JSON text (one order, or an array of them), naming the field of a type error. */
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
        try {
            return SpotJson.mapper().treeToValue(node, CanonicalOrder.class);
        } catch (JsonMappingException e) {
            String field = e.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            throw new InvalidOrderException(List.of(new FieldError(prefix + (field.isEmpty() ? "order" : field),
                    "has the wrong type (" + e.getOriginalMessage().split("\n")[0].replaceAll(" from .*", "") + ")")));
        } catch (JsonProcessingException e) {
            throw new InvalidOrderException(List.of(new FieldError(prefix + "order", "is not valid JSON")));
        }
    }

    private static JsonNode tree(String json) {
        if (json == null || json.isBlank()) {
            throw new InvalidOrderException(List.of(new FieldError("order", "is required: the body is empty")));
        }
        try {
            return SpotJson.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidOrderException(List.of(new FieldError("order", "is not valid JSON (line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")")));
        }
    }
}
