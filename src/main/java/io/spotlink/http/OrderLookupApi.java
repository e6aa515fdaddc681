package io.spotlink.http;

import io.spotlink.http.auth.ApiKeyAuth;
import io.spotlink.http.auth.Role;
import io.spotlink.following.KitTracker;

import io.spotlink.ledger.OrderLedger;
import io.spotlink.ledger.OrderRecord;
import io.spotlink.spot.SpotApiException;
import io.spotlink.spot.SpotClient;
import io.spotlink.spot.model.Kit;
import io.spotlink.spot.model.Order;
import org.apache.camel.Exchange;
import org.apache.camel.Header;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * GET /orders/{id}: what the ledger knows of an order (by source order id or Spot id): its status, Spot's status and
 * its kits as last seen. No call to Spot, so a lookup spends none of the hospital's Spot budget; an operator may ask
 * for Spot's current state with ?refresh=true, at most spotlink.auth.refresh-rate-limit a second. The kit type is
 * not shown: it can reveal the test (an STI kit) to a reader who needs only the order's progress.
 */
public class OrderLookupApi {

    private static final Pattern SPOT_ORDER_ID = Pattern.compile("^O\\d{7}$");

    private final OrderLedger ledger;
    private final KitTracker kits;
    private final SpotClient spot;
    private final CallbackRateLimiter refreshes;

    public OrderLookupApi(OrderLedger ledger, KitTracker kits, SpotClient spot, CallbackRateLimiter refreshes) {
        this.ledger = ledger;
        this.kits = kits;
        this.spot = spot;
        this.refreshes = refreshes;
    }

    public void lookup(@Header("id") String id, @Header("source_system") String sourceSystem,
                       @Header("refresh") String refresh, Exchange exchange) throws Exception {
        boolean fromSpot = "true".equalsIgnoreCase(refresh);
        if (fromSpot && !ApiKeyAuth.has(exchange, Role.OPERATOR)) {
            throw HttpProblem.of(403, "?refresh=true asks Spot and needs the role operator");
        }
        List<OrderRecord> records = find(id, sourceSystem);
        if (records.isEmpty()) {
            throw HttpProblem.of(404, "no order " + id + " in the ledger");
        }
        if (records.size() > 1) {
            throw new HttpProblem(409, Map.of("message", "source order id " + id + " exists for several "
                    + "source systems: add ?source_system=", "source_systems",
                    records.stream().map(OrderRecord::sourceSystem).toList()));
        }
        if (fromSpot) {
            refreshes.tryAcquire().ifPresent(wait -> {
                throw new HttpProblem(429, Map.of("message", "refreshes from Spot are rate-limited"),
                        Map.of("Retry-After", Long.toString(Math.max(1, wait.toSeconds()))));
            });
        }
        OrderHttpApi.json(exchange, 200, describe(records.get(0), fromSpot));
    }

    private List<OrderRecord> find(String id, String sourceSystem) {
        if (sourceSystem != null && !sourceSystem.isBlank()) {
            return ledger.findBySource(sourceSystem, id).map(List::of).orElse(List.of());
        }
        if (SPOT_ORDER_ID.matcher(id).matches()) {
            var bySpotId = ledger.findBySpotOrderId(id);
            if (bySpotId.isPresent()) {
                return List.of(bySpotId.get());
            }
        }
        return ledger.findBySourceOrderId(id);
    }

    private Map<String, Object> describe(OrderRecord record, boolean fromSpot) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("source_system", record.sourceSystem());
        body.put("source_order_id", record.sourceOrderId());
        body.put("spot_order_id", record.spotOrderId());
        body.put("status", record.status().name().toLowerCase(java.util.Locale.ROOT));
        body.put("attempts", record.attempts());
        body.put("last_error", record.lastError());
        body.put("created", record.createdAt().toString());
        body.put("updated", record.updatedAt().toString());
        body.put("spot_status", record.spotStatus());
        if (record.spotOrderId() == null) {
            return body;
        }
        body.put("kits", kits.kitsOf(record.spotOrderId()));
        if (fromSpot) {
            try {
                Order order = io.spotlink.following.RequisitionAsOrder.retrieve(spot, ledger, record.spotOrderId());
                // Shown, not stored: the poller records Spot's status once it has taken the reports it implies.
                body.put("spot_status", order.status() == null ? null : order.status().wire());
                body.put("kits", kitsAtSpot(order));
                body.put("source", "spot");
            } catch (SpotApiException e) {
                body.put("spot_status_error", e.getMessage());
            }
        } else {
            body.put("source", "ledger");
        }
        return body;
    }

    private static List<Map<String, Object>> kitsAtSpot(Order order) {
        List<Map<String, Object>> kits = new ArrayList<>();
        for (Kit kit : order.kits()) {
            Map<String, Object> k = new LinkedHashMap<>();
            k.put("kit_id", kit.kitId());
            k.put("status", kit.status() == null ? null : kit.status().wire());
            if (kit.sample() != null) {
                k.put("sample_id", kit.sample().sampleId());
                k.put("sample_status", kit.sample().status() == null ? null : kit.sample().status().wire());
                k.put("reports", kit.sample().reports().size());
            }
            kits.add(k);
        }
        return kits;
    }
}
