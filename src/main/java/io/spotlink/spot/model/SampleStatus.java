package io.spotlink.spot.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * Spot's SampleStatus. A value Spot adds later is kept as its text ({@link #known()} is false), never
 * dropped or defaulted; see SpotEnums.
 */
public record SampleStatus(String wire) {

    public static final SampleStatus AWAITING_COLLECTION = new SampleStatus("awaiting_collection");
    public static final SampleStatus COLLECTION_EXCEPTION = new SampleStatus("collection_exception");
    public static final SampleStatus DELIVERY_EXCEPTION = new SampleStatus("delivery_exception");
    public static final SampleStatus IN_TRANSIT = new SampleStatus("in_transit");
    public static final SampleStatus DELIVERED = new SampleStatus("delivered");
    public static final SampleStatus RECEIVED = new SampleStatus("received");
    public static final SampleStatus EXTRA_QUALITY_CHECKS = new SampleStatus("extra_quality_checks");
    public static final SampleStatus PARTIALLY_RESULTED = new SampleStatus("partially_resulted");
    public static final SampleStatus RESULTED = new SampleStatus("resulted");
    public static final SampleStatus CANCELED = new SampleStatus("canceled");

    private static final Map<String, SampleStatus> KNOWN = SpotEnums.index(SampleStatus::wire,
            AWAITING_COLLECTION, COLLECTION_EXCEPTION, DELIVERY_EXCEPTION, IN_TRANSIT, DELIVERED, RECEIVED, EXTRA_QUALITY_CHECKS, PARTIALLY_RESULTED, RESULTED, CANCELED);

    public SampleStatus {
        wire = SpotEnums.bounded(wire);
        if (wire == null) {
            throw new IllegalArgumentException("blank SampleStatus");
        }
    }

    /** The known constant for a value Spot's document lists, else the value kept as text; null for no value. */
    public static SampleStatus of(String text) {
        String t = SpotEnums.bounded(text);
        return t == null ? null : KNOWN.getOrDefault(t, new SampleStatus(t));
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static SampleStatus fromJson(JsonNode node) {
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
