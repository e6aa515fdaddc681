package io.spotlink.spot.model;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Spot's OrderStatus values; a value Spot adds later reads as UNKNOWN instead of failing. */
public enum OrderStatus {
    @JsonProperty("pending") PENDING,
    @JsonProperty("in_progress") IN_PROGRESS,
    @JsonProperty("completed") COMPLETED,
    @JsonProperty("canceled") CANCELED,
    @JsonEnumDefaultValue @JsonProperty("unknown") UNKNOWN;

    /** The value as Spot writes it. */
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
