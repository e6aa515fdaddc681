package io.spotlink.intake;

import io.spotlink.spot.SpotClient;
import io.spotlink.spot.model.Order;
import io.spotlink.spot.model.OrderSummary;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds a Spot order created for a hospital order by an attempt whose answer was lost (a timeout, a crash):
 * lists the recipient's recent orders and matches the source ids Spotlink wrote into their metadata.
 */
public final class ExistingSpotOrderFinder {

    private final SpotClient spot;
    private final Clock clock;

    public ExistingSpotOrderFinder(SpotClient spot, Clock clock) {
        this.spot = spot;
        this.clock = clock;
    }

    public Optional<Order> find(String recipientEmail, String sourceSystem, String sourceOrderId) {
        String since = LocalDate.now(clock.withZone(ZoneOffset.UTC)).minusDays(2).toString();
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
