package io.spotlink.status;

import io.spotlink.intake.CanonicalOrder;
import io.spotlink.ledger.OrderRecord;
import io.spotlink.delivery.OruQueue;
import io.spotlink.delivery.DeliveryDestination;
import io.spotlink.delivery.DeliveryLedger;
import io.spotlink.delivery.ReportContext;
import io.spotlink.following.ResultPoller;
import io.spotlink.spot.model.Order;
import io.spotlink.spot.model.Report;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Queues the status ORUs of an order ({@link KitNewsFinder}) on the results' path: the delivery ledger, keyed
 * {@code status-<kit_id>-<state>} so each goes once per destination; the destinations whose filter takes the order's
 * results (bad news always, milestones only where {@code .milestones} asks); the patient's order, parking and replay
 * as for any ORU. Called by the poller for every order it retrieves, before its reports.
 */
public final class StatusNotices implements ResultPoller.OrderNews {


    private final OruQueue queue;
    private final StatusOru oru;
    private final List<DeliveryDestination> destinations;
    private final Map<String, Set<KitNews.Milestone>> milestones;
    private final Clock clock;

    /** {@code milestones}: destination name to the milestones it takes (absent: none). */
    public StatusNotices(DeliveryLedger deliveries, StatusOru oru, List<DeliveryDestination> destinations,
                         Map<String, Set<KitNews.Milestone>> milestones, Clock clock) {
        this.queue = new OruQueue(deliveries);
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
        CanonicalOrder hospitalOrder = OruQueue.hospitalOrder(hospitalRecord);
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
                    queued += queue.enqueue(context, destination.name(), "Status " + news, () -> oru.render(context,
                            news, notice.at(), destination.name(), "PENDING")) ? 1 : 0;
                }
            }
        }
        return queued;
    }

    private boolean wants(DeliveryDestination destination, KitNews news) {
        return news.badNews() || milestones.getOrDefault(destination.name(), Set.of()).contains(news.milestone());
    }
}
