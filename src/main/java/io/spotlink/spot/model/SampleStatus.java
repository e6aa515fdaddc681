package io.spotlink.spot.model;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Spot's SampleStatus values; a value Spot adds later reads as UNKNOWN instead of failing. */
public enum SampleStatus {
    @JsonProperty("awaiting_collection") AWAITING_COLLECTION,
    @JsonProperty("collection_exception") COLLECTION_EXCEPTION,
    @JsonProperty("delivery_exception") DELIVERY_EXCEPTION,
    @JsonProperty("in_transit") IN_TRANSIT,
    @JsonProperty("delivered") DELIVERED,
    @JsonProperty("received") RECEIVED,
    @JsonProperty("extra_quality_checks") EXTRA_QUALITY_CHECKS,
    @JsonProperty("partially_resulted") PARTIALLY_RESULTED,
    @JsonProperty("resulted") RESULTED,
    @JsonProperty("canceled") CANCELED,
    @JsonEnumDefaultValue @JsonProperty("unknown") UNKNOWN;

    /** The value as Spot writes it. */
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
