package io.spotlink.spot.model;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/** A full order as returned by create, retrieve and update-metadata. */
public record Order(String orderId, OrderStatus status, Recipient recipient, List<String> kitTypes, List<Kit> kits,
                    OffsetDateTime created, OffsetDateTime updated, Map<String, Object> metadata) {

    public List<String> kitTypes() {
        return Lists.present(kitTypes);
    }

    public List<Kit> kits() {
        return Lists.present(kits);
    }

    /** The same order under the id Spotlink asked for (a body may omit or garble order_id). */
    public Order withOrderId(String id) {
        return new Order(id, status, recipient, kitTypes, kits, created, updated, metadata);
    }
}
