package io.spotlink.intake;

import io.spotlink.spot.SpotClient;
import io.spotlink.spot.model.Order;
import io.spotlink.spot.model.OrderSummary;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds a Spot order created for a hospital order by an attempt whose answer was lost (a timeout, a crash):
 * lists the recipient's orders created since the order first reached the ledger and matches the source ids
 * Spotlink wrote into their metadata. Spot has no idempotency key, so this is what stands between a resend and a
 * second kit.
 */
public final class ExistingSpotOrderFinder {

    private final SpotClient spot;

    public ExistingSpotOrderFinder(SpotClient spot) {
        this.spot = spot;
    }

    /** {@code firstClaimed}: when the ledger first recorded the order; no earlier attempt can predate it. */
    public Optional<Order> find(String recipientEmail, String sourceSystem, String sourceOrderId,
                                Instant firstClaimed) {
        // Spot filters by date; a day's margin covers clocks and time zones.
        String since = LocalDate.ofInstant(firstClaimed, ZoneOffset.UTC).minusDays(1).toString();
        for (OrderSummary summary : spot.listAllOrders(Map.of("email", recipientEmail, "created_after", since))) {
            Order order = spot.retrieveOrder(summary.orderId());
            Map<String, Object> meta = order.metadata();
            if (meta != null && Objects.equals(String.valueOf(meta.get(SpotOrderMapper.META_SOURCE_SYSTEM)), sourceSystem)
                    && Objects.equals(String.valueOf(meta.get(SpotOrderMapper.META_SOURCE_ORDER_ID)), sourceOrderId)) {
                return Optional.of(order);
            }
        }
        return Optional.empty();
    }
}
