package io.spotlink.spot.model;

/** How a clinic ships a collected sample to the lab (a requisition's optional tracking). */
public record Tracking(String trackingNumber, String carrier) {
}
