package io.spotlink.cancel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spotlink.intake.FieldError;
import io.spotlink.intake.InvalidOrderException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A cancel request as JMS messages and order files carry it: the order JSON shape with {@code "action": "cancel"}
 * (a CSV column {@code action}), naming the order by {@code source_order_id} and {@code source_system} (the default
 * when absent), and optionally who asks ({@code requested_by}). Other fields of a cancel are ignored. Without
 * {@code action}, or with {@code "new"}, the JSON is an order as before.
 */
public record CancelAsk(String sourceSystem, String sourceOrderId, String requestedBy) {

    public static final String ACTION = "action";

    /**
     * The cancel this JSON asks for, or empty when it is an order (its {@code action} field, if any, is removed so
     * the strict order reader sees an order). {@code headerAction} is a channel's own action (a JMS header), if
     * any.
     *
     * @throws InvalidOrderException when the action is unknown, or a cancel does not name its order
     */
    public static Optional<CancelAsk> from(JsonNode node, String headerAction) {
        String action = headerAction;
        if (node != null && node.isObject() && node.has(ACTION)) {
            JsonNode value = ((ObjectNode) node).remove(ACTION);
            if (!value.isTextual()) {
                throw new InvalidOrderException(List.of(new FieldError(ACTION, "must be text: new or cancel")));
            }
            action = action == null || action.isBlank() ? value.asText() : action;
        }
        String kind = action == null ? "" : action.strip().toLowerCase(Locale.ROOT);
        if (kind.isEmpty() || kind.equals("new")) {
            return Optional.empty();
        }
        if (!kind.equals("cancel")) {
            throw new InvalidOrderException(List.of(new FieldError(ACTION, "must be new or cancel")));
        }
        if (node == null || !node.isObject()) {
            throw new InvalidOrderException(List.of(new FieldError("order", "a cancel must be a JSON object")));
        }
        List<FieldError> errors = new ArrayList<>();
        String orderId = id(node, "source_order_id", true, 128, errors);
        String system = id(node, "source_system", false, 64, errors);
        String by = id(node, "requested_by", false, 128, errors);
        if (!errors.isEmpty()) {
            throw new InvalidOrderException(errors);
        }
        return Optional.of(new CancelAsk(system, orderId, by));
    }

    private static String id(JsonNode node, String field, boolean required, int max, List<FieldError> errors) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || (value.isTextual() && value.asText().isBlank())) {
            if (required) {
                errors.add(new FieldError(field, "is required to name the order to cancel"));
            }
            return null;
        }
        if (!value.isTextual()) {
            errors.add(new FieldError(field, "must be text"));
            return null;
        }
        String text = value.asText().strip();
        if (text.length() > max || text.chars().anyMatch(Character::isISOControl)) {
            errors.add(new FieldError(field, "must be at most " + max + " characters, without control characters"));
            return null;
        }
        return text;
    }
}
