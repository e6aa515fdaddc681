package io.spotlink.spot.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * Spot's KitStatus (plus pending, which the seed omits). A value Spot adds later is kept as its text
 * ({@link #known()} is false), never dropped or defaulted; see SpotEnums. No kit status stops a kit being followed:
 * following is per order (see OrderStatus#terminal).
 */
public record KitStatus(String wire) {

    public static final KitStatus PENDING = new KitStatus("pending");
    public static final KitStatus PREPARING = new KitStatus("preparing");
    public static final KitStatus IN_TRANSIT = new KitStatus("in_transit");
    public static final KitStatus DELIVERED = new KitStatus("delivered");
    public static final KitStatus DELIVERY_EXCEPTION = new KitStatus("delivery_exception");
    public static final KitStatus REGISTERED = new KitStatus("registered");
    public static final KitStatus CANCELED = new KitStatus("canceled");

    private static final Map<String, KitStatus> KNOWN = SpotEnums.index(KitStatus::wire,
            PENDING, PREPARING, IN_TRANSIT, DELIVERED, DELIVERY_EXCEPTION, REGISTERED, CANCELED);

    public KitStatus {
        wire = SpotEnums.bounded(wire);
        if (wire == null) {
            throw new IllegalArgumentException("blank KitStatus");
        }
    }

    /** The known constant for a value Spot's document lists, else the value kept as text; null for no value. */
    public static KitStatus of(String text) {
        String t = SpotEnums.bounded(text);
        return t == null ? null : KNOWN.getOrDefault(t, new KitStatus(t));
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static KitStatus fromJson(JsonNode node) {
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

    @Override
    public String toString() {
        return wire;
    }
}
