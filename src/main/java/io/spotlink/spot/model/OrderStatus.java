package io.spotlink.spot.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * Spot's OrderStatus. A value Spot adds later is kept as its text ({@link #known()} is false), never
 * dropped or defaulted; see SpotEnums.
 */
public record OrderStatus(String wire) {

    public static final OrderStatus PENDING = new OrderStatus("pending");
    public static final OrderStatus IN_PROGRESS = new OrderStatus("in_progress");
    public static final OrderStatus COMPLETED = new OrderStatus("completed");
    public static final OrderStatus CANCELED = new OrderStatus("canceled");

    private static final Map<String, OrderStatus> KNOWN = SpotEnums.index(OrderStatus::wire,
            PENDING, IN_PROGRESS, COMPLETED, CANCELED);

    public OrderStatus {
        wire = SpotEnums.bounded(wire);
        if (wire == null) {
            throw new IllegalArgumentException("blank OrderStatus");
        }
    }

    /** The known constant for a value Spot's document lists, else the value kept as text; null for no value. */
    public static OrderStatus of(String text) {
        String t = SpotEnums.bounded(text);
        return t == null ? null : KNOWN.getOrDefault(t, new OrderStatus(t));
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static OrderStatus fromJson(JsonNode node) {
        return of(SpotEnums.text(node));
    }

    /** The value as Spot writes it. */
    @Override
    @JsonValue
    public String wire() {
        return wire;
    }

    /** Whether Spot's document lists this value. */
    public boolean known() {
        return KNOWN.containsKey(wire);
    }

    /**
     * Whether Spot is done with the order (completed or canceled). Any other value, an unknown one included, is
     * open: the order stays followed.
     */
    public boolean terminal() {
        return equals(COMPLETED) || equals(CANCELED);
    }

    @Override
    public String toString() {
        return wire;
    }
}
