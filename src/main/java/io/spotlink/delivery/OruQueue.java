package io.spotlink.delivery;

import io.spotlink.intake.CanonicalJson;
import io.spotlink.intake.CanonicalOrder;
import io.spotlink.ledger.OrderRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Puts one ORU for one destination on the delivery ledger, for results and status news alike: once per (report id,
 * OBR-25, destination); an ORU that cannot be built is parked with the reason (GET /deliveries?status=failed),
 * never dropped; and an order whose content retention pruned is parked saying so, never built without the
 * hospital's ids. Logs ids only.
 */
public final class OruQueue {

    private static final Logger LOG = LoggerFactory.getLogger(OruQueue.class);
    static final String PRUNED = "ORU not built: the hospital's order was pruned by retention "
            + "(spotlink.retention.orders.*)";

    private final DeliveryLedger deliveries;

    public OruQueue(DeliveryLedger deliveries) {
        this.deliveries = deliveries;
    }

    /** The hospital's order as recorded, or null when retention pruned its content (README "Data retention"). */
    public static CanonicalOrder hospitalOrder(OrderRecord record) {
        return record.payload().isEmpty() ? null : CanonicalJson.read(record.payload());
    }

    /**
     * Queues {@code build}'s ORU for {@code destination}; false when this report version already has a delivery
     * there. {@code what} names it in the log ("report", "status KIT_CANCELED").
     */
    public boolean enqueue(ReportContext context, String destination, String what, Supplier<String> build) {
        String reportId = context.report().reportId();
        if (deliveries.find(reportId, context.resultStatus(), destination).isPresent()) {
            return false;
        }
        String message = null;
        String error = null;
        if (context.hospitalOrder() == null) {
            error = PRUNED;
            LOG.warn("{} {} of order {}: the order's content was pruned; parked for {}", what, reportId,
                    context.order().orderId(), destination);
        } else {
            try {
                message = build.get();
            } catch (RuntimeException e) {
                error = "ORU could not be built: " + e.getMessage();
                LOG.error("{} {} of order {}: ORU could not be built for {}; parked", what, reportId,
                        context.order().orderId(), destination, e);
            }
        }
        String kitId = context.kit().kitId() == null ? "" : context.kit().kitId();
        Optional<Delivery> created = deliveries.enqueue(reportId, context.resultStatus(), context.order().orderId(),
                kitId, context.patientKey(), destination, message, error);
        created.ifPresent(d -> LOG.info("{} {} ({}) of order {} kit {} queued for {} as delivery {}", what, reportId,
                context.resultStatus(), context.order().orderId(), kitId, destination, d.id()));
        return created.isPresent();
    }
}
