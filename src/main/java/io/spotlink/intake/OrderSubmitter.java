package io.spotlink.intake;

import io.spotlink.ledger.LedgerStatus;
import io.spotlink.ledger.OrderLedger;
import io.spotlink.ledger.OrderRecord;
import io.spotlink.spot.SpotAnswers;
import io.spotlink.spot.SpotApiException;
import io.spotlink.spot.model.Order;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The ledger-side steps of route order-submit (validate, claim, record, and what a failure leaves in the ledger).
 * The order travels in exchange properties: {@link #ORDER} (the canonical order), {@link #SOURCE_SYSTEM} (its own
 * or the default) and {@link #RECORD} (the ledger row this exchange owns).
 */
public class OrderSubmitter {

    public static final String ORDER = "SpotlinkOrder";
    public static final String SOURCE_SYSTEM = "SpotlinkSourceSystem";
    public static final String RECORD = "SpotlinkRecord";

    private static final Logger LOG = LoggerFactory.getLogger(OrderSubmitter.class);

    private final OrderValidator validator;
    private final OrderLedger ledger;
    private final String defaultSourceSystem;

    public OrderSubmitter(OrderValidator validator, OrderLedger ledger, String defaultSourceSystem) {
        this.validator = validator;
        this.ledger = ledger;
        this.defaultSourceSystem = defaultSourceSystem;
    }

    /**
     * Every field problem at once: the body becomes a REJECTED receipt. An order taken over by order-recover (its
     * ledger row already in {@link #RECORD}) was validated when it first came in and is read from the ledger.
     */
    public void validate(Exchange exchange) {
        OrderRecord taken = exchange.getProperty(RECORD, OrderRecord.class);
        if (taken != null) {
            resume(exchange, taken);
            return;
        }
        CanonicalOrder order = exchange.getMessage().getBody(CanonicalOrder.class);
        String system = order == null || order.sourceSystem() == null ? defaultSourceSystem : order.sourceSystem();
        String sourceId = order == null ? null : order.sourceOrderId();
        exchange.setProperty(ORDER, order);
        exchange.setProperty(SOURCE_SYSTEM, system);
        List<FieldError> errors = validator.validate(order);
        if (!errors.isEmpty()) {
            LOG.info("Order {}/{} rejected: {} problem(s) in fields {}", system, sourceId, errors.size(),
                    errors.stream().map(FieldError::field).toList());
            exchange.getMessage().setBody(OrderReceipt.rejected(system, sourceId, errors));
        }
    }

    /**
     * Records the order in the ledger, or finds it there. A repeat is answered at once from the first copy's row:
     * EXISTING, CONFLICT (other content), or IN_PROGRESS while the first copy is still being sent (the channel
     * asks the sender to come back: HTTP 409 + Retry-After, JMS rollback, MLLP AR); no thread waits for it.
     */
    public void claim(Exchange exchange) {
        if (exchange.getProperty(RECORD) != null) {
            return; // taken over by order-recover
        }
        CanonicalOrder order = exchange.getProperty(ORDER, CanonicalOrder.class);
        String system = exchange.getProperty(SOURCE_SYSTEM, String.class);
        String payload = CanonicalJson.write(order);
        String hash = CanonicalJson.sha256(payload);
        String mrn = order.patient() == null ? null : order.patient().mrn();
        OrderLedger.Claim claim = ledger.claim(system, order.sourceOrderId(), mrn, hash, payload);
        if (claim.won()) {
            exchange.setProperty(RECORD, claim.record());
        } else {
            exchange.getMessage().setBody(answerRepeat(claim.record(), hash));
        }
    }

    /** Spot created the order (or had it already): SUBMITTED, and the body becomes a CREATED receipt. */
    public void record(Exchange exchange) {
        Order created = exchange.getMessage().getBody(Order.class);
        OrderRecord record = exchange.getProperty(RECORD, OrderRecord.class);
        ledger.markSubmitted(record.id(), created.orderId(), created.status() == null ? null
                : created.status().wire());
        LOG.info("Order {}/{} created at Spot as {}", record.sourceSystem(), record.sourceOrderId(), created.orderId());
        exchange.getMessage().setBody(new OrderReceipt(OrderReceipt.Outcome.CREATED, record.sourceSystem(),
                record.sourceOrderId(), created.orderId(), List.of(), "created"));
    }

    /** Spot's 400: REJECTED in the ledger and in the receipt, with Spot's reasons. */
    public void refusedBySpot(Exchange exchange) {
        SpotApiException.BadRequest e = exchange.getProperty(ExchangePropertyKey.EXCEPTION_CAUGHT,
                SpotApiException.BadRequest.class);
        OrderRecord record = exchange.getProperty(RECORD, OrderRecord.class);
        ledger.markRejected(record.id(), e.getMessage());
        LOG.info("Order {}/{} refused by Spot: {}", record.sourceSystem(), record.sourceOrderId(), e.details().size());
        exchange.getMessage().setBody(OrderReceipt.rejected(record.sourceSystem(), record.sourceOrderId(),
                e.details().stream().map(d -> new FieldError("spot", d)).toList()));
    }

    /** Spot could not take the order now (or anything else failed): FAILED for order-retry, and the failure goes on. */
    public void keepFailed(Exchange exchange) {
        RuntimeException e = SpotAnswers.asSpotFailure(exchange.getProperty(ExchangePropertyKey.EXCEPTION_CAUGHT,
                Exception.class));
        OrderRecord record = exchange.getProperty(RECORD, OrderRecord.class);
        ledger.markFailed(record.id(), e.getMessage());
        LOG.warn("Order {}/{} not submitted, kept as FAILED for retry: {}", record.sourceSystem(),
                record.sourceOrderId(), e instanceof SpotApiException ? e.getMessage() : e.getClass().getSimpleName());
        throw e;
    }

    /** An order this instance has taken over: its canonical order is the payload the ledger kept. */
    private void resume(Exchange exchange, OrderRecord taken) {
        exchange.setProperty(SOURCE_SYSTEM, taken.sourceSystem());
        try {
            CanonicalOrder order = CanonicalJson.read(taken.payload());
            exchange.setProperty(ORDER, order);
            exchange.getMessage().setBody(order);
        } catch (RuntimeException unreadable) {
            ledger.markRejected(taken.id(), "the stored order could not be read; resubmit it");
            LOG.warn("Order {}/{} could not be resumed: its stored payload is unreadable", taken.sourceSystem(),
                    taken.sourceOrderId());
            exchange.getMessage().setBody(OrderReceipt.rejected(taken.sourceSystem(), taken.sourceOrderId(),
                    List.of(new FieldError("payload", "the stored order could not be read"))));
        }
    }

    private static OrderReceipt answerRepeat(OrderRecord current, String hash) {
        String system = current.sourceSystem();
        String sourceId = current.sourceOrderId();
        if (current.status() == LedgerStatus.SUBMITTED) {
            if (!current.payloadHash().equals(hash)) {
                return new OrderReceipt(OrderReceipt.Outcome.CONFLICT, system, sourceId, current.spotOrderId(),
                        List.of(new FieldError("source_order_id", "was already submitted to Spot with different "
                                + "content; Spot orders cannot be changed, use a new source_order_id")),
                        "conflict");
            }
            return new OrderReceipt(OrderReceipt.Outcome.EXISTING, system, sourceId, current.spotOrderId(),
                    List.of(), "already submitted");
        }
        if (current.status() == LedgerStatus.CANCELED) {
            return new OrderReceipt(OrderReceipt.Outcome.CANCELED, system, sourceId, null,
                    List.of(new FieldError("source_order_id", "was canceled at the hospital's request before Spot "
                            + "had it; it is not created: use a new source_order_id")), "canceled");
        }
        return new OrderReceipt(OrderReceipt.Outcome.IN_PROGRESS, system, sourceId, null, List.of(),
                "another copy of this order is being submitted; try again shortly");
    }
}
