package io.spotlink.spot.model;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Spot's ResultType values; a value Spot adds later reads as UNKNOWN instead of failing. */
public enum ResultType {
    @JsonProperty("quantity") QUANTITY,
    @JsonProperty("reactivity") REACTIVITY,
    @JsonProperty("genotype") GENOTYPE,
    @JsonEnumDefaultValue @JsonProperty("unknown") UNKNOWN;

    /** The value as Spot writes it. */
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
