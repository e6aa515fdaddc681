package io.spotlink.spot.model;

import java.time.OffsetDateTime;

/** One row of GET /api/v2/orders/ (no kits). */
public record OrderSummary(String orderId, OrderStatus status, Recipient recipient, OffsetDateTime created,
                           OffsetDateTime updated) {
}
