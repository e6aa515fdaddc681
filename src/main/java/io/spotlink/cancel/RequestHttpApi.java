package io.spotlink.cancel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spotlink.http.HttpProblem;
import io.spotlink.http.auth.ApiKeyAuth;
import io.spotlink.intake.CanonicalOrder;
import io.spotlink.intake.CanonicalOrderReader;
import io.spotlink.intake.FieldError;
import io.spotlink.intake.InvalidOrderException;
import io.spotlink.intake.StrictText;
import io.spotlink.ledger.OrderRecord;
import io.spotlink.spot.SpotJson;
import org.apache.camel.Exchange;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * HTTP faces of cancel and change requests: {@code DELETE /orders/{source_system}/{source_order_id}} (200 canceled
 * here, 202 requested at Spot, 404 unknown, 409 in flight) and {@code PATCH} of the same path, a JSON merge patch
 * (RFC 7386) of the canonical order's fields (200 replaced or applied, 409 fields Spot cannot change, 400 an invalid
 * changed order, 404 unknown). Answers carry ids, field names and states only.
 */
public class RequestHttpApi {

    private final OrderCancels cancels;
    private final OrderChanges changes;
    private final int maxBytes;
    private final int inFlightRetryAfter;

    public RequestHttpApi(OrderCancels cancels, OrderChanges changes, int maxBytes, int inFlightRetryAfter) {
        this.cancels = cancels;
        this.changes = changes;
        this.maxBytes = maxBytes;
        this.inFlightRetryAfter = inFlightRetryAfter;
    }

    public void cancel(Exchange exchange) {
        var in = exchange.getMessage();
        CancelResult result = cancels.cancel(path(in, "source_system"), path(in, "source_order_id"), "http",
                requester(exchange));
        int status = switch (result.outcome()) {
            case CANCELED -> 200;
            case REQUESTED -> 202;
            case UNKNOWN -> 404;
            case IN_PROGRESS -> 409;
        };
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("cancel", switch (result.outcome()) {
            case CANCELED -> "canceled";
            case REQUESTED -> "requested";
            case UNKNOWN -> "unknown";
            case IN_PROGRESS -> "in_progress";
        });
        body.put("source_system", result.sourceSystem());
        body.put("source_order_id", result.sourceOrderId());
        body.put("spot_order_id", result.spotOrderId());
        body.put("repeat", result.repeat());
        if (result.request() != null) {
            body.put("requested_at", result.request().requestedAt().toString());
        }
        body.put("message", result.message());
        answer(exchange, status, body, result.outcome() == CancelResult.Outcome.IN_PROGRESS);
    }

    public void change(Exchange exchange) {
        var in = exchange.getMessage();
        String system = path(in, "source_system");
        String sourceId = path(in, "source_order_id");
        byte[] raw = in.getBody(byte[].class);
        if (raw != null && raw.length > maxBytes) {
            throw HttpProblem.of(413, "the body is too large: a change may have at most " + maxBytes
                    + " bytes (spotlink.intake.http.max-bytes)");
        }
        JsonNode patch = CanonicalOrderReader.tree(StrictText.decode(raw == null ? new byte[0] : raw,
                StandardCharsets.UTF_8, "body"));
        if (!patch.isObject()) {
            throw new InvalidOrderException(List.of(new FieldError("order", "a change must be a JSON object")));
        }
        OrderRecord stored = changes.stored(system, sourceId).orElse(null);
        if (stored == null) {
            ChangeResult unknown = ChangeResult.of(ChangeResult.Outcome.UNKNOWN, system, sourceId, null);
            answer(exchange, 404, changeBody(unknown), false);
            return;
        }
        for (String id : List.of("source_system", "source_order_id")) {
            if (patch.has(id) && !patch.get(id).asText().strip().equals(id.equals("source_system")
                    ? stored.sourceSystem() : stored.sourceOrderId())) {
                throw new InvalidOrderException(List.of(new FieldError(id, "cannot be changed: it names the order")));
            }
        }
        JsonNode merged = JsonMergePatch.apply(stored(stored), patch);
        ((ObjectNode) merged).put("source_system", stored.sourceSystem());
        ((ObjectNode) merged).put("source_order_id", stored.sourceOrderId());
        CanonicalOrder changed = CanonicalOrderReader.bind(merged, "");
        ChangeResult result = changes.change(changed, stored.sourceSystem(), "http", requester(exchange));
        int status = switch (result.outcome()) {
            case REPLACED, APPLIED -> 200;
            case REJECTED -> 400;
            case UNKNOWN -> 404;
            case PARTIAL, IN_PROGRESS, CANCELED -> 409;
        };
        answer(exchange, status, changeBody(result), result.outcome() == ChangeResult.Outcome.IN_PROGRESS);
    }

    private static JsonNode stored(OrderRecord record) {
        try {
            return SpotJson.mapper().readTree(record.payload());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the stored order of ledger row " + record.id() + " is not JSON", e);
        }
    }

    private static Map<String, Object> changeBody(ChangeResult result) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("change", result.outcome().name().toLowerCase(java.util.Locale.ROOT));
        body.put("source_system", result.sourceSystem());
        body.put("source_order_id", result.sourceOrderId());
        body.put("spot_order_id", result.spotOrderId());
        body.put("applied_fields", result.applied());
        body.put("refused_fields", result.refused());
        body.put("errors", result.errors().stream().map(FieldError::asMap).toList());
        body.put("message", result.message());
        return body;
    }

    private void answer(Exchange exchange, int status, Map<String, Object> body, boolean retryLater) {
        var message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        if (retryLater) {
            message.setHeader("Retry-After", inFlightRetryAfter);
        }
        message.setBody(body);
    }

    private static String path(org.apache.camel.Message in, String name) {
        String value = in.getHeader(name, String.class);
        if (value == null || value.isBlank()) {
            throw HttpProblem.of(400, name + " is required in the path");
        }
        return value.strip();
    }

    /** The API key's name (ids only), or "http" when API keys are off. */
    private static String requester(Exchange exchange) {
        String name = exchange.getMessage().getHeader(ApiKeyAuth.CALLER_HEADER, String.class);
        return name == null ? "http" : name;
    }
}
