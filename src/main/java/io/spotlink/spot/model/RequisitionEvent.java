package io.spotlink.spot.model;

import java.time.OffsetDateTime;

/** A step of a requisition's life ({@code event} is a status name, kept as text). */
public record RequisitionEvent(String event, OffsetDateTime date) {
}
