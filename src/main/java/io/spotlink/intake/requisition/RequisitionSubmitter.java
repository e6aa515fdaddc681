package io.spotlink.intake.requisition;

import io.spotlink.intake.CanonicalOrder;
import io.spotlink.intake.FieldError;
import io.spotlink.intake.OrderReceipt;
import io.spotlink.intake.SpotOrderMapper;
import io.spotlink.ledger.OrderLedger;
import io.spotlink.ledger.OrderRecord;
import io.spotlink.spot.SpotApiException;
import io.spotlink.spot.SpotClient;
import io.spotlink.spot.model.CreateRequisition;
import io.spotlink.spot.model.Requisition;
import io.spotlink.spot.model.RequisitionStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The requisition branch of order-submit: an order claimed in the ledger that carries a specimen barcode (and
 * spotlink.requisitions.enabled) is created at Spot as a requisition, and the ledger records the requisition id in
 * place of the Spot order id, with kind "requisition". A re-claimed order is looked up by barcode first, so a lost
 * answer never becomes a second requisition (Spot refuses a second one with the same barcode anyway). Spot answers
 * at once: approved becomes CREATED; denied is REJECTED, with the reason, in the ledger and to the sender.
 */
public class RequisitionSubmitter {

    private static final Logger LOG = LoggerFactory.getLogger(RequisitionSubmitter.class);

    private final RequisitionMapper mapper;
    private final OrderLedger ledger;
    private final SpotClient spot;

    public RequisitionSubmitter(RequisitionMapper mapper, OrderLedger ledger, SpotClient spot) {
        this.mapper = mapper;
        this.ledger = ledger;
        this.spot = spot;
    }

    /** True when this order goes to Spot as a requisition (the branch point of order-submit). */
    public boolean applies(CanonicalOrder order) {
        return mapper.applies(order);
    }

    /** Creates the requisition of an order this caller has claimed in the ledger. */
    /**
     * Condition of route order-submit's requisition branch: this exchange won the ledger claim (its body is not
     * already a repeat's receipt) and the order is a kit collected in the clinic.
     */
    public boolean appliesTo(org.apache.camel.Exchange exchange) {
        return !(exchange.getMessage().getBody() instanceof OrderReceipt)
                && exchange.getProperty(io.spotlink.intake.OrderSubmitter.RECORD) != null
                && applies(exchange.getProperty(io.spotlink.intake.OrderSubmitter.ORDER,
                        io.spotlink.intake.CanonicalOrder.class));
    }

    /** Step of route order-submit: the claimed order goes to Spot as a requisition; the body becomes its receipt. */
    public void submitClaimed(org.apache.camel.Exchange exchange) {
        exchange.getMessage().setBody(submit(
                exchange.getProperty(io.spotlink.intake.OrderSubmitter.RECORD, OrderRecord.class),
                exchange.getProperty(io.spotlink.intake.OrderSubmitter.ORDER, io.spotlink.intake.CanonicalOrder.class),
                exchange.getProperty(io.spotlink.intake.OrderSubmitter.SOURCE_SYSTEM, String.class)));
    }

    public OrderReceipt submit(OrderRecord record, CanonicalOrder order, String system) {
        String sourceId = order.sourceOrderId();
        List<FieldError> problems = mapper.problems(order);
        if (!problems.isEmpty()) {
            ledger.markRejected(record.id(), problems.size() + " problem(s) for a requisition in fields "
                    + problems.stream().map(FieldError::field).toList());
            LOG.info("Order {}/{} rejected as a requisition: {} problem(s) in fields {}", system, sourceId,
                    problems.size(), problems.stream().map(FieldError::field).toList());
            return OrderReceipt.rejected(system, sourceId, problems);
        }
        CreateRequisition request = mapper.toCreateRequisition(order, system);
        try {
            Optional<Requisition> earlier = record.attempts() > 1 ? ours(request.barcode(), system, sourceId)
                    : Optional.empty();
            Requisition created = earlier.orElseGet(() -> spot.createRequisition(request,
                    () -> ours(request.barcode(), system, sourceId)));
            if (created.statusValue() == RequisitionStatus.DENIED) {
                ledger.markRejected(record.id(), "Spot denied requisition " + created.requisitionId());
                LOG.info("Order {}/{}: Spot denied requisition {}", system, sourceId, created.requisitionId());
                return OrderReceipt.rejected(system, sourceId, List.of(new FieldError("specimen_barcode",
                        "Spot denied the requisition " + created.requisitionId())));
            }
            ledger.markSubmittedRequisition(record.id(), created.requisitionId(),
                    created.statusValue().asOrderStatus().wire());
            LOG.info("Order {}/{} created at Spot as requisition {} ({})", system, sourceId,
                    created.requisitionId(), created.statusValue().wire());
            return new OrderReceipt(OrderReceipt.Outcome.CREATED, system, sourceId, created.requisitionId(),
                    List.of(), "requisition created");
        } catch (SpotApiException.BadRequest e) {
            ledger.markRejected(record.id(), e.getMessage());
            LOG.info("Order {}/{} refused by Spot as a requisition: {} problem(s)", system, sourceId,
                    e.details().size());
            return OrderReceipt.rejected(system, sourceId,
                    e.details().stream().map(d -> new FieldError("spot", d)).toList());
        } catch (RuntimeException e) {
            ledger.markFailed(record.id(), e.getMessage());
            LOG.warn("Order {}/{} not submitted as a requisition, kept as FAILED for retry: {}", system, sourceId,
                    e.getMessage());
            throw e;
        }
    }

    /** The requisition of this barcode, when it is this order's (its metadata names the same source ids). */
    private Optional<Requisition> ours(String barcode, String system, String sourceId) {
        return spot.findRequisitionByBarcode(barcode).filter(r -> {
            Map<String, Object> meta = r.metadata();
            return meta != null
                    && Objects.equals(String.valueOf(meta.get(SpotOrderMapper.META_SOURCE_SYSTEM)), system)
                    && Objects.equals(String.valueOf(meta.get(SpotOrderMapper.META_SOURCE_ORDER_ID)), sourceId);
        });
    }
}
