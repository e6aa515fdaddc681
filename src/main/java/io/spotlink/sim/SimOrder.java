package io.spotlink.sim;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One order as the simulator holds it: the request as received, and its kits. */
final class SimOrder {

    final String orderId;
    final Instant created;
    final JsonNode recipient;
    final List<String> kitTypes;
    /** Copy-on-write: a replacement kit may be added while a request renders the order. */
    final List<SimKit> kits = new java.util.concurrent.CopyOnWriteArrayList<>();
    final Instant kitsAppearAt;
    volatile Map<String, Object> metadata;
    volatile Instant metadataUpdated;
    /** When Spot canceled the order (an admin call or sim.exception.order-canceled-rate); null while it is not. */
    volatile Instant canceledAt;

    SimOrder(String orderId, Instant created, JsonNode recipient, List<String> kitTypes, Map<String, Object> metadata,
             Instant kitsAppearAt) {
        this.orderId = orderId;
        this.created = created;
        this.recipient = recipient;
        this.kitTypes = List.copyOf(kitTypes);
        this.metadata = metadata == null ? null : new LinkedHashMap<>(metadata);
        this.kitsAppearAt = kitsAppearAt;
    }

    /** Kits show once Spot made them; an order canceled before that never gets any, as at Spot. */
    boolean kitsVisibleAt(Instant now) {
        Instant canceled = canceledAt;
        return !now.isBefore(kitsAppearAt) && (canceled == null || canceled.isAfter(kitsAppearAt));
    }

    String statusAt(Instant now) {
        Instant canceled = canceledAt;
        if (canceled != null && !now.isBefore(canceled)) {
            return "canceled";
        }
        if (now.isBefore(kitsAppearAt)) {
            return "pending";
        }
        // Completed once every kit is done, as at Spot: an amendment can come later, to a completed order. A kit
        // cut short by an exception is done too; an order whose every kit was canceled is canceled.
        boolean done = kits.stream().allMatch(k -> !k.resultedAt().isAfter(now));
        if (done && !kits.isEmpty() && kits.stream().allMatch(k -> "canceled".equals(k.statusAt(now, "KIT")))) {
            return "canceled";
        }
        return done ? "completed" : "in_progress";
    }

    Instant updatedAt(Instant now) {
        Instant updated = metadataUpdated == null ? created : metadataUpdated;
        Instant canceled = canceledAt;
        if (canceled != null && !now.isBefore(canceled) && canceled.isAfter(updated)) {
            updated = canceled;
        }
        for (SimKit kit : kits) {
            Instant last = kit.lastChangeUntil(now);
            if (kitsVisibleAt(now) && last.isAfter(updated)) {
                updated = last;
            }
        }
        return updated;
    }

    String email() {
        return recipient.path("email").asText();
    }
}
