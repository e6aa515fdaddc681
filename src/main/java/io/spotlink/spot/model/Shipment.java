package io.spotlink.spot.model;

import java.time.OffsetDateTime;

public record Shipment(String trackingNumber, String carrier, OffsetDateTime created) {
}
