package io.spotlink.cancel;

import io.spotlink.intake.CanonicalJson;
import io.spotlink.intake.CanonicalOrder;
import io.spotlink.intake.FieldError;
import io.spotlink.intake.OrderReceipt;
import io.spotlink.intake.OrderSubmitGateway;
import io.spotlink.intake.OrderValidator;
import io.spotlink.intake.SpotOrderMapper;
import io.spotlink.ledger.OrderLedger;
import io.spotlink.ledger.OrderRecord;
import io.spotlink.spot.SpotAnswers;
import io.spotlink.spot.SpotApiException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Change requests from the hospital (HL7 ORC-1 XO, HTTP PATCH): the whole changed order, validated like a new one.
 * Before Spot has the order, the change replaces it: it goes through order-submit, which re-claims the FAILED or
 * REJECTED row with the new content and creates it (or keeps it FAILED for order-retry). After, only what lives in
 * Spot's order metadata can change (the ordering provider, the order's metadata): it is sent through route
 * spot-update-order-metadata and the ledger keeps the changed order, so later results carry it. Everything else
 * is refused by name and an operator is alerted.
 */
public class OrderChanges {

    private static final Logger LOG = LoggerFactory.getLogger(OrderChanges.class);
    static final String META_PROVIDER_ID = "ordering_provider_id";
    static final String META_PROVIDER_NAME = "ordering_provider_name";

    private final OrderLedger orders;
    private final RequestLedger requests;
    private final OrderValidator validator;
    private final ProducerTemplate producer;

    public OrderChanges(OrderLedger orders, RequestLedger requests, OrderValidator validator,
                        ProducerTemplate producer) {
        this.orders = orders;
        this.requests = requests;
        this.validator = validator;
        this.producer = producer;
    }

    /** The order as the ledger keeps it, for a merge (HTTP PATCH); empty when unknown. */
    public java.util.Optional<OrderRecord> stored(String sourceSystem, String sourceOrderId) {
        return orders.findBySource(sourceSystem, sourceOrderId);
    }

    /**
     * @param sourceSystem the order's source system (its own, or the configured default)
     * @throws SpotApiException when Spot cannot take the metadata now (nothing changed: ask again later)
     */
    public ChangeResult change(CanonicalOrder changed, String sourceSystem, String channel, String requestedBy) {
        String sourceId = changed.sourceOrderId();
        OrderRecord record = orders.findBySource(sourceSystem, sourceId).orElse(null);
        if (record == null) {
            return ChangeResult.of(ChangeResult.Outcome.UNKNOWN, sourceSystem, sourceId, null);
        }
        List<FieldError> errors = validator.validate(changed);
        if (!errors.isEmpty()) {
            return new ChangeResult(ChangeResult.Outcome.REJECTED, sourceSystem, sourceId, record.spotOrderId(),
                    List.of(), List.of(), errors);
        }
        return switch (record.status()) {
            case CANCELED -> ChangeResult.of(ChangeResult.Outcome.CANCELED, sourceSystem, sourceId, null);
            case SUBMITTING -> ChangeResult.of(ChangeResult.Outcome.IN_PROGRESS, sourceSystem, sourceId, null);
            case FAILED, REJECTED -> replace(record, changed, channel, requestedBy);
            case SUBMITTED -> atSpot(record, changed, channel, requestedBy);
        };
    }

    private ChangeResult replace(OrderRecord record, CanonicalOrder changed, String channel, String requestedBy) {
        List<String> fields = ChangedFields.between(CanonicalJson.read(record.payload()), changed);
        OrderReceipt receipt;
        try {
            receipt = new OrderSubmitGateway(producer, channel).submit(changed);
        } catch (SpotApiException unavailable) {
            // order-submit kept the changed order as FAILED: order-retry creates it once Spot is back
            receipt = null;
        }
        if (receipt != null && receipt.outcome() == OrderReceipt.Outcome.IN_PROGRESS) {
            return ChangeResult.of(ChangeResult.Outcome.IN_PROGRESS, record.sourceSystem(), record.sourceOrderId(),
                    null);
        }
        if (receipt != null && !receipt.accepted()) {
            return new ChangeResult(ChangeResult.Outcome.REJECTED, record.sourceSystem(), record.sourceOrderId(),
                    null, List.of(), List.of(), receipt.errors());
        }
        String spotId = receipt == null ? null : receipt.spotOrderId();
        requests.recordChange(record.id(), spotId, channel, requestedBy, "REPLACED", fields, List.of());
        LOG.info("Change of {}/{} ({}): replaced the order Spot did not have yet; fields {}", record.sourceSystem(),
                record.sourceOrderId(), channel, fields);
        return new ChangeResult(ChangeResult.Outcome.REPLACED, record.sourceSystem(), record.sourceOrderId(), spotId,
                fields, List.of(), List.of());
    }

    private ChangeResult atSpot(OrderRecord record, CanonicalOrder changed, String channel, String requestedBy) {
        CanonicalOrder stored = CanonicalJson.read(record.payload());
        List<String> fields = ChangedFields.between(stored, changed);
        // a requisition has no metadata update at Spot: nothing of it can change
        boolean requisition = orders.isRequisition(record.spotOrderId());
        List<String> applied = fields.stream().filter(f -> !requisition && ChangedFields.spotCanChange(f)).toList();
        List<String> refused = fields.stream().filter(f -> !applied.contains(f)).toList();
        if (!applied.isEmpty()) {
            CanonicalOrder next = new CanonicalOrder(stored.sourceOrderId(), stored.sourceSystem(),
                    stored.testCodes(), stored.kitTypes(), stored.recipient(), stored.patient(),
                    changed.orderingProvider(), changed.metadata(), stored.specimenBarcode());
            updateAtSpot(record.spotOrderId(), spotMetadata(next, record.sourceSystem()));
            String payload = CanonicalJson.write(next);
            requests.replacePayload(record.id(), payload, CanonicalJson.sha256(payload));
        }
        ChangeResult.Outcome outcome = refused.isEmpty() ? ChangeResult.Outcome.APPLIED
                : ChangeResult.Outcome.PARTIAL;
        if (!fields.isEmpty()) {
            requests.recordChange(record.id(), record.spotOrderId(), channel, requestedBy, outcome.name(), applied,
                    refused);
        }
        LOG.info("Change of {}/{} ({}), Spot order {}: applied {}, refused {}", record.sourceSystem(),
                record.sourceOrderId(), channel, record.spotOrderId(), applied, refused);
        return new ChangeResult(outcome, record.sourceSystem(), record.sourceOrderId(), record.spotOrderId(), applied,
                refused, List.of());
    }

    /** The order's whole metadata at Spot: as at creation (the hospital's ids), plus the ordering provider. */
    static Map<String, Object> spotMetadata(CanonicalOrder order, String sourceSystem) {
        Map<String, Object> metadata = new LinkedHashMap<>(SpotOrderMapper.metadata(order, sourceSystem));
        CanonicalOrder.Provider provider = order.orderingProvider();
        if (provider != null) {
            if (provider.id() != null) {
                metadata.put(META_PROVIDER_ID, provider.id());
            }
            String name = String.join(" ", java.util.stream.Stream.of(provider.givenName(), provider.familyName())
                    .filter(s -> s != null && !s.isBlank()).toList());
            if (!name.isEmpty()) {
                metadata.put(META_PROVIDER_NAME, name);
            }
        }
        return metadata;
    }

    private void updateAtSpot(String spotOrderId, Map<String, Object> metadata) {
        Exchange done = producer.request("direct:spot-update-order-metadata", ex -> {
            ex.getIn().setHeader("SpotOrderId", spotOrderId);
            ex.getIn().setBody(metadata);
        });
        if (done.getException() != null) {
            throw SpotAnswers.asSpotFailure(done.getException());
        }
    }
}
