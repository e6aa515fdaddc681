package io.spotlink.http;

import io.spotlink.ledger.LedgerStatus;
import io.spotlink.ledger.OrderLedger;
import io.spotlink.ledger.OrderRecord;
import org.apache.camel.Exchange;
import org.apache.camel.Header;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * GET /orders?source_order_id=&status=&cancel=&limit=: the newest orders of the ledger, for the operator page's
 * search; {@code cancel=requested} lists the cancels an operator must still carry out at Spot. A row also says when
 * the hospital asked for a cancel (its {@code cancel} object: state, time, channel). A
 * row carries ids, statuses, attempts, timestamps and the last error only: never the payload, MRN or any patient
 * field, so a list can be shown to a reader without revealing who the orders are for.
 */
public class OrderListApi {

    static final int DEFAULT_LIMIT = 100;

    private final OrderLedger ledger;
    private final int maxLimit;
    private io.spotlink.cancel.RequestLedger cancels;

    /** @param maxLimit the most rows one answer may hold (spotlink.http.orders.max-limit) */
    public OrderListApi(OrderLedger ledger, int maxLimit) {
        this.ledger = ledger;
        this.maxLimit = Math.max(1, maxLimit);
    }

    /** The hospital's cancel requests, shown on each row (io.spotlink.cancel binds it). */
    public void setCancelRequests(io.spotlink.cancel.RequestLedger cancels) {
        this.cancels = cancels;
    }

    public void list(@Header("source_order_id") String sourceOrderId, @Header("status") String status,
                     @Header("cancel") String cancel, @Header("limit") String limitText, Exchange exchange) {
        int limit = QueryLimit.parse(limitText, Math.min(DEFAULT_LIMIT, maxLimit), maxLimit);
        LedgerStatus filter;
        try {
            filter = status == null || status.isBlank() ? null : LedgerStatus.valueOf(status.strip()
                    .toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw HttpProblem.of(400, "status must be one of submitting, submitted, failed, rejected, canceled");
        }
        boolean pendingCancels = cancel != null && !cancel.isBlank();
        if (pendingCancels && (!cancel.strip().equalsIgnoreCase("requested") || cancels == null)) {
            throw HttpProblem.of(400, "cancel must be requested (the cancels an operator must carry out at Spot)");
        }
        String orderId = sourceOrderId == null || sourceOrderId.isBlank() ? null : sourceOrderId.strip();
        List<OrderRecord> records = pendingCancels ? cancels.pendingCancelOrderIds(limit).stream()
                .map(ledger::findById).flatMap(java.util.Optional::stream)
                .filter(r -> orderId == null || r.sourceOrderId().equals(orderId))
                .filter(r -> filter == null || r.status() == filter).toList()
                : ledger.search(orderId, filter, limit);
        Map<Long, io.spotlink.cancel.CancelRequest> requested = cancels == null ? Map.of()
                : cancels.cancelsOf(records.stream().map(OrderRecord::id).toList());
        var rows = records.stream().map(r -> {
            Map<String, Object> row = row(r);
            io.spotlink.cancel.CancelRequest c = requested.get(r.id());
            if (c != null) {
                row.put("cancel", Map.of("state", c.state().name().toLowerCase(Locale.ROOT),
                        "requested_at", c.requestedAt().toString(), "channel", c.channel()));
            }
            return row;
        }).toList();
        OrderHttpApi.json(exchange, 200, Map.of("orders", rows, "count", rows.size()));
    }

    static Map<String, Object> row(OrderRecord record) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source_system", record.sourceSystem());
        m.put("source_order_id", record.sourceOrderId());
        m.put("spot_order_id", record.spotOrderId());
        m.put("status", record.status().name().toLowerCase(Locale.ROOT));
        m.put("spot_status", record.spotStatus());
        m.put("attempts", record.attempts());
        m.put("last_error", record.lastError());
        m.put("created", record.createdAt().toString());
        m.put("updated", record.updatedAt().toString());
        return m;
    }
}
