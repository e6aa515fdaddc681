package io.spotlink.following;

import io.spotlink.delivery.DeliveryDestination;
import io.spotlink.delivery.DeliveryLedger;
import io.spotlink.delivery.OruQueue;
import io.spotlink.delivery.OruRenderer;
import io.spotlink.delivery.ReportContext;
import io.spotlink.intake.CanonicalOrder;
import io.spotlink.ledger.OrderRecord;
import io.spotlink.spot.model.Kit;
import io.spotlink.spot.model.Order;
import io.spotlink.spot.model.Report;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Finds the reports of an order not yet queued for each destination whose filter takes them, builds their ORU once
 * and queues it. The message is stored, so a restart or a replay sends exactly what was built (with a fresh MSH-10).
 */
public class ReportEnqueuer {

    private static final Logger LOG = LoggerFactory.getLogger(ReportEnqueuer.class);

    /** oru_delivery.report_id */
    private static final int MAX_REPORT_ID = 64;

    private final OruQueue queue;
    private final OruRenderer renderer;
    private final List<DeliveryDestination> destinations;

    public ReportEnqueuer(DeliveryLedger deliveries, OruRenderer renderer, List<DeliveryDestination> destinations) {
        this.queue = new OruQueue(deliveries);
        this.renderer = renderer;
        this.destinations = List.copyOf(destinations);
    }

    /** Returns how many new deliveries were queued. */
    public int enqueue(OrderRecord hospitalRecord, Order order) {
        // retention pruned the hospital's order (README "Data retention"): a report seen now cannot be built, and
        // is parked saying so rather than sent without the hospital's ids
        CanonicalOrder hospitalOrder = OruQueue.hospitalOrder(hospitalRecord);
        int queued = 0;
        for (Kit kit : order.kits()) {
            if (kit.sample() == null) {
                continue;
            }
            for (Report report : kit.sample().reports()) {
                if (report.reportId() == null || report.reportId().isBlank()
                        || report.reportId().length() > MAX_REPORT_ID) {
                    // a delivery is keyed by the report id: without one that fits it cannot be sent exactly once
                    LOG.warn("Order {} kit {}: a report without a usable report_id is not delivered",
                            order.orderId(), kit.kitId());
                    continue;
                }
                char status = ReportContext.resultStatusOf(kit, report);
                ReportContext context = new ReportContext(hospitalOrder, hospitalRecord.sourceSystem(), order, kit,
                        report, status);
                for (DeliveryDestination destination : destinations) {
                    if (destination.filter().accepts(context)) {
                        queued += queue.enqueue(context, destination.name(), "Report",
                                () -> renderer.render(context, destination.name(), "PENDING")) ? 1 : 0;
                    }
                }
            }
        }
        return queued;
    }
}
