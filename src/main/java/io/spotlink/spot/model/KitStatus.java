package io.spotlink.spot.model;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Spot's KitStatus values; a value Spot adds later reads as UNKNOWN instead of failing. */
public enum KitStatus {
    @JsonProperty("pending") PENDING,
    @JsonProperty("preparing") PREPARING,
    @JsonProperty("in_transit") IN_TRANSIT,
    @JsonProperty("delivered") DELIVERED,
    @JsonProperty("delivery_exception") DELIVERY_EXCEPTION,
    @JsonProperty("registered") REGISTERED,
    @JsonProperty("canceled") CANCELED,
    @JsonEnumDefaultValue @JsonProperty("unknown") UNKNOWN;

    /** The value as Spot writes it. */
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
