package io.spotlink.spot.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * Spot's result_type (ResultQuantity, ResultReactivity, ResultGenotype). A value Spot adds later is kept as its text ({@link #known()} is false), never
 * dropped or defaulted; see SpotEnums.
 */
public record ResultType(String wire) {

    public static final ResultType QUANTITY = new ResultType("quantity");
    public static final ResultType REACTIVITY = new ResultType("reactivity");
    public static final ResultType GENOTYPE = new ResultType("genotype");

    private static final Map<String, ResultType> KNOWN = SpotEnums.index(ResultType::wire,
            QUANTITY, REACTIVITY, GENOTYPE);

    public ResultType {
        wire = SpotEnums.bounded(wire);
        if (wire == null) {
            throw new IllegalArgumentException("blank ResultType");
        }
    }

    /** The known constant for a value Spot's document lists, else the value kept as text; null for no value. */
    public static ResultType of(String text) {
        String t = SpotEnums.bounded(text);
        return t == null ? null : KNOWN.getOrDefault(t, new ResultType(t));
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static ResultType fromJson(JsonNode node) {
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
