package io.spotlink.intake;

import io.spotlink.ledger.LedgerStatus;
import io.spotlink.ledger.OrderLedger;
import io.spotlink.ledger.OrderRecord;
import io.spotlink.spot.SpotApiException;
import io.spotlink.spot.SpotClient;
import io.spotlink.spot.model.CreateOrder;
import io.spotlink.spot.model.Order;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The body of the shared order-submit route: validate, record in the ledger, create at Spot once.
 * Throws {@link SpotApiException} (Unavailable or Configuration) when Spot cannot take the order now, so a
 * transacted channel rolls back and an HTTP caller sees 502/503; the ledger keeps the order as FAILED.
 */
public class OrderSubmitter {

    private static final Logger LOG = LoggerFactory.getLogger(OrderSubmitter.class);

    private final OrderValidator validator;
    private final SpotOrderMapper mapper;
    private final OrderLedger ledger;
    private final SpotClient spot;
    private final ExistingSpotOrderFinder finder;
    private final String defaultSourceSystem;
    private final Duration duplicateWait;
    private volatile io.spotlink.intake.requisition.RequisitionSubmitter requisitions;

    public OrderSubmitter(OrderValidator validator, SpotOrderMapper mapper, OrderLedger ledger, SpotClient spot,
                          ExistingSpotOrderFinder finder, String defaultSourceSystem, Duration duplicateWait) {
        this.validator = validator;
        this.mapper = mapper;
        this.ledger = ledger;
        this.spot = spot;
        this.finder = finder;
        this.defaultSourceSystem = defaultSourceSystem;
        this.duplicateWait = duplicateWait;
    }

    /** Orders with a specimen barcode go to Spot as requisitions when the submitter says it applies. */
    public void useRequisitions(io.spotlink.intake.requisition.RequisitionSubmitter requisitions) {
        this.requisitions = requisitions;
    }

    public OrderReceipt submit(CanonicalOrder order) {
        String system = order == null || order.sourceSystem() == null ? defaultSourceSystem : order.sourceSystem();
        String sourceId = order == null ? null : order.sourceOrderId();
        List<FieldError> errors = validator.validate(order);
        if (!errors.isEmpty()) {
            LOG.info("Order {}/{} rejected: {} problem(s) in fields {}", system, sourceId, errors.size(),
                    errors.stream().map(FieldError::field).toList());
            return OrderReceipt.rejected(system, sourceId, errors);
        }
        String payload = CanonicalJson.write(order);
        String hash = CanonicalJson.sha256(payload);
        String mrn = order.patient() == null ? null : order.patient().mrn();
        OrderLedger.Claim claim = ledger.claim(system, sourceId, mrn, hash, payload);
        if (!claim.won()) {
            return answerRepeat(claim.record(), hash);
        }
        return createAtSpot(claim.record(), order, system);
    }

    /**
     * Finishes an order this instance has just taken over from the ledger (left SUBMITTING by a dead instance),
     * from the payload kept there: no sender is involved.
     */
    public OrderReceipt resume(OrderRecord claimed) {
        CanonicalOrder order;
        try {
            order = CanonicalJson.read(claimed.payload());
        } catch (RuntimeException unreadable) {
            ledger.markRejected(claimed.id(), "the stored order could not be read; resubmit it");
            LOG.warn("Order {}/{} could not be resumed: its stored payload is unreadable", claimed.sourceSystem(),
                    claimed.sourceOrderId());
            return OrderReceipt.rejected(claimed.sourceSystem(), claimed.sourceOrderId(),
                    List.of(new FieldError("payload", "the stored order could not be read")));
        }
        return createAtSpot(claimed, order, claimed.sourceSystem());
    }

    private OrderReceipt createAtSpot(OrderRecord record, CanonicalOrder order, String system) {
        if (requisitions != null && requisitions.applies(order)) {
            return requisitions.submit(record, order, system); // a kit collected in the clinic
        }
        CreateOrder request = mapper.toCreateOrder(order, system);
        String email = request.recipient().email();
        try {
            // A re-claimed order (failed, or left by a dead instance) may already exist at Spot if an earlier
            // attempt's answer was lost: look first, create only when it is not there.
            Optional<Order> earlier = record.attempts() > 1
                    ? finder.find(email, system, order.sourceOrderId(), record.createdAt()) : Optional.empty();
            earlier.ifPresent(found -> LOG.info("Order {}/{} was already at Spot as {}: not created again", system,
                    order.sourceOrderId(), found.orderId()));
            Order created = earlier.orElseGet(() -> spot.createOrder(request,
                    () -> finder.find(email, system, order.sourceOrderId(), record.createdAt())));
            ledger.markSubmitted(record.id(), created.orderId(), created.status() == null ? null
                    : created.status().wire());
            LOG.info("Order {}/{} created at Spot as {}", system, order.sourceOrderId(), created.orderId());
            return new OrderReceipt(OrderReceipt.Outcome.CREATED, system, order.sourceOrderId(), created.orderId(),
                    List.of(), "created");
        } catch (SpotApiException.BadRequest e) {
            ledger.markRejected(record.id(), e.getMessage());
            LOG.info("Order {}/{} refused by Spot: {}", system, order.sourceOrderId(), e.details().size());
            return OrderReceipt.rejected(system, order.sourceOrderId(),
                    e.details().stream().map(d -> new FieldError("spot", d)).toList());
        } catch (RuntimeException e) {
            ledger.markFailed(record.id(), e.getMessage());
            LOG.warn("Order {}/{} not submitted, kept as FAILED for retry: {}", system, order.sourceOrderId(),
                    e.getMessage());
            throw e;
        }
    }

    /** A second copy of an order: answer with the first one's Spot order, waiting while it is still in flight. */
    private OrderReceipt answerRepeat(OrderRecord existing, String hash) {
        OrderRecord current = existing;
        long deadline = System.nanoTime() + duplicateWait.toNanos();
        long pause = 10;
        while (current.status() == LedgerStatus.SUBMITTING && System.nanoTime() < deadline) {
            pauseQuietly(pause);
            pause = Math.min(pause * 2, 250);
            current = ledger.findById(current.id()).orElse(current);
        }
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
        return new OrderReceipt(OrderReceipt.Outcome.IN_PROGRESS, system, sourceId, null, List.of(),
                "another copy of this order is being submitted; try again shortly");
    }

    private static void pauseQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
