package io.spotlink.cancel;

import io.spotlink.ledger.LedgerStatus;
import io.spotlink.ledger.OrderLedger;
import io.spotlink.ledger.OrderRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Optional;

/**
 * Cancel requests from the hospital, the same on every channel. An order Spot never had (FAILED, REJECTED: Spot
 * down, the breaker open, a refused create) is canceled here and never created: order-retry, order-recover and any
 * resubmission find it CANCELED. An order Spot has is recorded as REQUESTED and an operator is alerted (route
 * alerts-webhook), because Spot has no cancel endpoint. A repeat changes nothing and alerts nobody again.
 */
public class OrderCancels {

    private static final Logger LOG = LoggerFactory.getLogger(OrderCancels.class);

    private final OrderLedger orders;
    private final RequestLedger requests;
    private final Clock clock;

    public OrderCancels(OrderLedger orders, RequestLedger requests, Clock clock) {
        this.orders = orders;
        this.requests = requests;
        this.clock = clock;
    }

    /**
     * @param channel     http, mllp, jms or file
     * @param requestedBy who asked (the API key's name, the sending application, a requested_by field); an id only
     */
    public CancelResult cancel(String sourceSystem, String sourceOrderId, String channel, String requestedBy) {
        Optional<OrderRecord> found = orders.findBySource(sourceSystem, sourceOrderId);
        if (found.isEmpty()) {
            LOG.info("Cancel of {}/{} ({}): no such order", sourceSystem, sourceOrderId, channel);
            return new CancelResult(CancelResult.Outcome.UNKNOWN, sourceSystem, sourceOrderId, null, false, null);
        }
        OrderRecord order = found.get();
        Optional<CancelRequest> earlier = requests.cancelOf(order.id());
        if (earlier.isPresent()) {
            return repeat(order, earlier.get());
        }
        if (order.spotOrderId() == null && requests.cancelUnsent(order.id())) {
            return record(order, CancelRequest.State.CANCELED, channel, requestedBy, false);
        }
        // the update lost, or Spot has it: read the row again to see which
        OrderRecord now = orders.findById(order.id()).orElse(order);
        if (now.status() == LedgerStatus.SUBMITTED) {
            boolean canceledAtSpot = "canceled".equals(now.spotStatus());
            return record(now, CancelRequest.State.REQUESTED, channel, requestedBy, canceledAtSpot);
        }
        if (now.status() == LedgerStatus.CANCELED) {
            // canceled by a concurrent request whose row is being written, or left without one by a crash
            return requests.cancelOf(now.id()).map(c -> repeat(now, c))
                    .orElseGet(() -> record(now, CancelRequest.State.CANCELED, channel, requestedBy, false));
        }
        LOG.info("Cancel of {}/{} ({}): the order is being sent now", sourceSystem, sourceOrderId, channel);
        return new CancelResult(CancelResult.Outcome.IN_PROGRESS, sourceSystem, sourceOrderId, null, false, null);
    }

    private CancelResult record(OrderRecord order, CancelRequest.State state, String channel, String requestedBy,
                                boolean noAlertNeeded) {
        CancelRequest request = new CancelRequest(order.id(), order.spotOrderId(), channel, requestedBy,
                clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS), state);
        if (!requests.recordCancel(request, noAlertNeeded)) {
            return requests.cancelOf(order.id()).map(c -> repeat(order, c)).orElseThrow();
        }
        LOG.info("Cancel of {}/{} ({}): {}{}", order.sourceSystem(), order.sourceOrderId(), channel, state,
                order.spotOrderId() == null ? "" : " for Spot order " + order.spotOrderId());
        return result(order, request, false);
    }

    private static CancelResult repeat(OrderRecord order, CancelRequest earlier) {
        return result(order, earlier, true);
    }

    private static CancelResult result(OrderRecord order, CancelRequest request, boolean repeat) {
        CancelResult.Outcome outcome = request.state() == CancelRequest.State.CANCELED
                ? CancelResult.Outcome.CANCELED : CancelResult.Outcome.REQUESTED;
        return new CancelResult(outcome, order.sourceSystem(), order.sourceOrderId(), request.spotOrderId(), repeat,
                request);
    }
}
