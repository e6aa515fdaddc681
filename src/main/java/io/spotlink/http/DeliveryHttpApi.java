package io.spotlink.http;

import io.spotlink.delivery.Delivery;
import io.spotlink.delivery.DeliveryLedger;
import io.spotlink.delivery.DeliveryStatus;
import org.apache.camel.Exchange;
import org.apache.camel.Header;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * GET /deliveries?status=failed lists deliveries; POST /deliveries/{id}/replay puts one back in line. Refusals are
 * thrown as {@link HttpProblem} and answered by http-errors.
 */
public class DeliveryHttpApi {

    private final DeliveryLedger ledger;

    public DeliveryHttpApi(DeliveryLedger ledger) {
        this.ledger = ledger;
    }

    public void list(@Header("status") String status, @Header("limit") String limitText, Exchange exchange)
            throws Exception {
        int limit = QueryLimit.parse(limitText, 500, 5000);
        DeliveryStatus filter;
        try {
            filter = status == null || status.isBlank() ? null : DeliveryStatus.valueOf(status.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw HttpProblem.of(400, "status must be one of pending, sending, delivered, failed");
        }
        // The EHR's ACK text and the last error may quote the message (a name in an ERR): operators only
        boolean operator = io.spotlink.http.auth.ApiKeyAuth.has(exchange, io.spotlink.http.auth.Role.OPERATOR);
        var rows = ledger.list(filter, limit).stream().map(DeliveryHttpApi::describe).map(row -> {
            if (!operator) {
                row.remove("ack_text");
                row.remove("last_error");
            }
            return row;
        }).toList();
        OrderHttpApi.json(exchange, 200, Map.of("deliveries", rows, "count", rows.size()));
    }

    public void replay(@Header("id") String id, Exchange exchange) throws Exception {
        long deliveryId;
        try {
            deliveryId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw HttpProblem.of(400, "delivery id must be a number");
        }
        var delivery = ledger.find(deliveryId);
        if (delivery.isEmpty()) {
            throw HttpProblem.of(404, "no delivery " + id);
        }
        if (!ledger.replay(deliveryId)) {
            throw HttpProblem.of(409, "delivery " + id + " was already delivered");
        }
        OrderHttpApi.json(exchange, 202, describe(ledger.find(deliveryId).orElseThrow()));
    }

    static Map<String, Object> describe(Delivery d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("report_id", d.reportId());
        m.put("result_status", String.valueOf(d.resultStatus()));
        m.put("spot_order_id", d.spotOrderId());
        m.put("kit_id", d.kitId());
        m.put("destination", d.destination());
        m.put("status", d.status().name().toLowerCase(Locale.ROOT));
        m.put("control_id", d.controlId());
        m.put("attempts", d.attempts());
        m.put("ack_code", d.ackCode());
        m.put("ack_text", d.ackText());
        m.put("last_error", d.lastError());
        m.put("created", String.valueOf(d.createdAt()));
        m.put("sent", d.sentAt() == null ? null : d.sentAt().toString());
        m.put("delivered", d.deliveredAt() == null ? null : d.deliveredAt().toString());
        return m;
    }
}
