package io.spotlink.sim;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One order as the simulator holds it: the request as received, and its kits. */
final class SimOrder {

    final String orderId;
    final Instant created;
    final JsonNode recipient;
    final List<String> kitTypes;
    final List<SimKit> kits = new ArrayList<>();
    final Instant kitsAppearAt;
    volatile Map<String, Object> metadata;
    volatile Instant metadataUpdated;

    SimOrder(String orderId, Instant created, JsonNode recipient, List<String> kitTypes, Map<String, Object> metadata,
             Instant kitsAppearAt) {
        this.orderId = orderId;
        this.created = created;
        this.recipient = recipient;
        this.kitTypes = List.copyOf(kitTypes);
        this.metadata = metadata == null ? null : new LinkedHashMap<>(metadata);
        this.kitsAppearAt = kitsAppearAt;
    }

    String statusAt(Instant now) {
        if (now.isBefore(kitsAppearAt)) {
            return "pending";
        }
        // Completed once every sample is resulted, as at Spot: an amendment can come later, to a completed order.
        boolean done = kits.stream().allMatch(k -> !k.resultedAt().isAfter(now));
        return done ? "completed" : "in_progress";
    }

    Instant updatedAt(Instant now) {
        Instant updated = metadataUpdated == null ? created : metadataUpdated;
        for (SimKit kit : kits) {
            Instant last = kit.lastChangeUntil(now);
            if (!now.isBefore(kitsAppearAt) && last.isAfter(updated)) {
                updated = last;
            }
        }
        return updated;
    }

    String email() {
        return recipient.path("email").asText();
    }
}
