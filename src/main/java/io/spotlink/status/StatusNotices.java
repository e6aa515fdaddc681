package io.spotlink.status;

import io.spotlink.intake.CanonicalJson;
import io.spotlink.intake.CanonicalOrder;
import io.spotlink.ledger.OrderRecord;
import io.spotlink.delivery.Delivery;
import io.spotlink.delivery.DeliveryDestination;
import io.spotlink.delivery.DeliveryLedger;
import io.spotlink.delivery.ReportContext;
import io.spotlink.following.ResultPoller;
import io.spotlink.spot.model.Order;
import io.spotlink.spot.model.Report;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Queues the status ORUs of an order ({@link KitNewsFinder}) on the results' path: the delivery ledger, keyed
 * {@code status-<kit_id>-<state>} so each goes once per destination; the destinations whose filter takes the order's
 * results (bad news always, milestones only where {@code .milestones} asks); the patient's order, parking and replay
 * as for any ORU. Called by the poller for every order it retrieves, before its reports.
 */
public final class StatusNotices implements ResultPoller.OrderNews {

    private static final Logger LOG = LoggerFactory.getLogger(StatusNotices.class);

    private final DeliveryLedger deliveries;
    private final StatusOru oru;
    private final List<DeliveryDestination> destinations;
    private final Map<String, Set<KitNews.Milestone>> milestones;
    private final Clock clock;

    /** {@code milestones}: destination name to the milestones it takes (absent: none). */
    public StatusNotices(DeliveryLedger deliveries, StatusOru oru, List<DeliveryDestination> destinations,
                         Map<String, Set<KitNews.Milestone>> milestones, Clock clock) {
        this.deliveries = deliveries;
        this.oru = oru;
        this.destinations = List.copyOf(destinations);
        this.milestones = Map.copyOf(milestones);
        this.clock = clock;
    }

    @Override
    public int enqueue(OrderRecord hospitalRecord, Order order) {
        List<KitNewsFinder.Notice> notices = KitNewsFinder.find(order, clock.instant());
        if (notices.isEmpty()) {
            return 0;
        }
        CanonicalOrder hospitalOrder = CanonicalJson.read(hospitalRecord.payload());
        int queued = 0;
        for (KitNewsFinder.Notice notice : notices) {
            String subject = notice.kit().kitId() != null ? notice.kit().kitId() : order.orderId();
            KitNews news = notice.news();
            // a report without results: OBR-22 is the status's time, and no OBX is written
            Report report = new Report(news.reportId(subject), List.of(), null, null, null, null,
                    notice.at().atOffset(ZoneOffset.UTC), false);
            ReportContext context = new ReportContext(hospitalOrder, hospitalRecord.sourceSystem(), order,
                    notice.kit(), report, news.resultStatus());
            for (DeliveryDestination destination : destinations) {
                if (wants(destination, news) && destination.filter().accepts(context)) {
                    queued += enqueue(context, notice, destination.name()) ? 1 : 0;
                }
            }
        }
        return queued;
    }

    private boolean wants(DeliveryDestination destination, KitNews news) {
        return news.badNews() || milestones.getOrDefault(destination.name(), Set.of()).contains(news.milestone());
    }

    private boolean enqueue(ReportContext context, KitNewsFinder.Notice notice, String destination) {
        String reportId = context.report().reportId();
        if (deliveries.find(reportId, context.resultStatus(), destination).isPresent()) {
            return false;
        }
        String message = null;
        String error = null;
        try {
            message = oru.render(context, notice.news(), notice.at(), destination, "PENDING");
        } catch (RuntimeException e) {
            // never dropped: parked with the reason, where GET /deliveries?status=failed shows it
            error = "status ORU could not be built: " + e.getMessage();
            LOG.error("Status {} of order {}: ORU could not be built for {}; parked", reportId,
                    context.order().orderId(), destination, e);
        }
        String kitId = context.kit().kitId() == null ? "" : context.kit().kitId();
        Optional<Delivery> created = deliveries.enqueue(reportId, context.resultStatus(), context.order().orderId(),
                kitId, context.patientKey(), destination, message, error);
        created.ifPresent(d -> LOG.info("Status {} ({}) of order {} queued for {} as delivery {}", notice.news(),
                context.resultStatus(), context.order().orderId(), destination, d.id()));
        return created.isPresent();
    }
}
