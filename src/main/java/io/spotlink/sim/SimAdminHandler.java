package io.spotlink.sim;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What only a person at Spot can do, for tests and the demo (not part of Spot's API; same API key):
 * <ul>
 * <li>{@code POST /admin/orders/{id}/cancel}: Spot cancels the order; its kits not yet resulted are canceled.
 * 200 with the order as GET shows it; 409 when it is already completed.</li>
 * <li>{@code POST /admin/kits/{id}/state} with {@code {"subject": "kit"|"sample", "status": "...",
 * "replacement": true|false}}: the kit or its sample ends in that state now (kit: canceled, delivery_exception;
 * sample: collection_exception, delivery_exception, canceled); with replacement (default
 * sim.exception.replacement), Spot sends a new kit of the same type after an exception. 200 with the kit; 409 when
 * it is already done.</li>
 * </ul>
 */
final class SimAdminHandler implements SimEndpoint {

    private static final Pattern CANCEL = Pattern.compile("^/admin/orders/([^/]+)/cancel/?$");
    private static final Pattern STATE = Pattern.compile("^/admin/kits/([^/]+)/state/?$");

    private final OrderStore store;
    private final SpotJsonRenderer renderer;
    private final boolean replacementByDefault;

    SimAdminHandler(OrderStore store, SpotJsonRenderer renderer, boolean replacementByDefault) {
        this.store = store;
        this.renderer = renderer;
        this.replacementByDefault = replacementByDefault;
    }

    @Override
    public SimAnswer answer(String method, String path, Map<String, String> query, Body body, Instant now)
            throws IOException {
        Matcher m;
        if ((m = CANCEL.matcher(path)).matches()) {
            return "POST".equals(method) ? cancel(m.group(1), now) : SimAnswer.notAllowed();
        }
        if ((m = STATE.matcher(path)).matches()) {
            return "POST".equals(method) ? state(m.group(1), body.read(), now) : SimAnswer.notAllowed();
        }
        return null;
    }

    private SimAnswer cancel(String orderId, Instant now) {
        SimOrder order = store.order(orderId);
        if (order == null) {
            return SimAnswer.notFound();
        }
        String status = order.statusAt(now);
        if ("completed".equals(status)) {
            return SimAnswer.error(409, "conflict", "The order is completed.");
        }
        if (!"canceled".equals(status)) {
            store.cancel(order, now);
        }
        return new SimAnswer(200, renderer.order(order, now));
    }

    private SimAnswer state(String kitId, JsonNode body, Instant now) {
        SimKit kit = store.kit(kitId);
        if (kit == null || now.isBefore(kit.created)) {
            return SimAnswer.notFound();
        }
        if (body == null || !body.isObject()) {
            return SimAnswer.error(400, "bad_request", "A JSON object with subject and status is required");
        }
        SimFailure failure = SimFailure.of(body.path("subject").asText(null), body.path("status").asText(null));
        if (failure == null) {
            return SimAnswer.error(400, "bad_request", "subject/status must be one of "
                    + Arrays.stream(SimFailure.values()).map(f -> f.subject.toLowerCase(java.util.Locale.ROOT) + "/"
                    + f.status).toList());
        }
        if (!kit.resultedAt().isAfter(now)) {
            return SimAnswer.error(409, "conflict", "The kit is done.");
        }
        JsonNode replacement = body.get("replacement");
        store.fail(kit, failure, now, replacement == null || replacement.isNull() ? replacementByDefault
                : replacement.asBoolean());
        return new SimAnswer(200, renderer.retrievedKit(kit, store.orderOf(kit), now));
    }
}
