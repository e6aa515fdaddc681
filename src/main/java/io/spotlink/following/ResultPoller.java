package io.spotlink.following;

import io.spotlink.ledger.OrderLedger;
import io.spotlink.ledger.OrderRecord;
import io.spotlink.spot.SpotApiException;
import io.spotlink.spot.SpotClient;
import io.spotlink.spot.model.Order;
import io.spotlink.spot.model.OrderSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Java steps of routes result-poll and result-fetch, which follow the orders Spotlink watches at Spot: record kit
 * and sample changes and queue each report not yet queued. A cycle costs O(orders changed), not O(orders open):
 * <ol>
 * <li>the change list: GET /orders/?updated_after= from one day before the last complete cycle (Spot's filter is in
 * whole days, so windows overlap; every step is idempotent), and a retrieve only for the orders whose "updated"
 * differs from the one the ledger last saw;</li>
 * <li>a bounded reconciliation sweep: the {@code sweepPerCycle} orders checked longest ago (never-checked first), so
 * every order is retrieved regularly even if a change was missed.</li>
 * </ol>
 * The route splits the retrieves over a pool of {@code concurrency} threads; the cycle's {@link PollCycle} holds the
 * call budget. A 429 or 5xx (beyond the client's retries) stops the cycle, but never restarts anything from the first
 * order: orders not reached keep their old check time (the sweep resumes with them) and the change-list window does
 * not move (the next list covers them).
 */
public class ResultPoller {

    private static final Logger LOG = LoggerFactory.getLogger(ResultPoller.class);

    /**
     * What one cycle (or one fetch) did: orders retrieved, {@code calls} to Spot, and of a cycle the changed orders
     * the change list named and the orders the sweep took.
     */
    public record PollSummary(int orders, int statusChanges, int queued, boolean interrupted, int calls, int changed,
                              int swept) {
    }

    private final OrderLedger orders;
    private final SpotClient spot;
    private final KitTracker kits;
    private final ReportEnqueuer enqueuer;
    private final FollowUpLedger followUp;
    private final ResultPollSettings settings;
    private final Clock clock;
    private final AtomicBoolean coverageWarned = new AtomicBoolean();
    private volatile OrderNews news = OrderNews.NONE;

    /** More of an order's news than its reports (io.spotlink.status); returns how many deliveries it queued. */
    @FunctionalInterface
    public interface OrderNews {
        OrderNews NONE = (record, order) -> 0;

        int enqueue(OrderRecord record, Order order);
    }

    public ResultPoller(OrderLedger orders, SpotClient spot, KitTracker kits, ReportEnqueuer enqueuer,
                        FollowUpLedger followUp, ResultPollSettings settings, Clock clock) {
        this.orders = orders;
        this.spot = spot;
        this.kits = kits;
        this.enqueuer = enqueuer;
        this.followUp = followUp;
        this.settings = settings;
        this.clock = clock;
    }

    /** Also queues this news of every order retrieved, before its reports (set once, at start). */
    public void alsoEnqueue(OrderNews orderNews) {
        this.news = orderNews;
    }

    /** A new cycle: now, and spotlink.results.max-calls-per-cycle calls to spend. */
    public PollCycle startCycle() {
        return new PollCycle(clock.instant(), settings.maxCallsPerCycle());
    }

    /**
     * Pages through Spot's orders updated since one day before the window; returns the ones Spotlink follows whose
     * "updated" moved. A page Spot cannot give ends the list incomplete (a 429 or 5xx also stops the cycle).
     */
    public List<String> changedOrders(PollCycle cycle) {
        Instant since = followUp.changeListWindow().orElse(cycle.start().minus(Duration.ofDays(1)));
        LocalDate after = since.atOffset(ZoneOffset.UTC).toLocalDate().minusDays(1);
        Map<String, String> filter = Map.of("updated_after", after.toString());
        int pageSize = spot.config().pageSize();
        Set<String> moved = new LinkedHashSet<>();
        boolean complete = false;
        for (int offset = 0; !complete; offset += pageSize) {
            if (cycle.stopped() || !cycle.take()) {
                break;
            }
            List<OrderSummary> page;
            try {
                page = spot.listOrders(filter, offset, pageSize);
            } catch (SpotApiException.Unavailable | SpotApiException.Configuration e) {
                cycle.stop();
                LOG.warn("Result poll: change list stopped at offset {}: {}", offset, e.getMessage());
                break;
            } catch (SpotApiException e) {
                LOG.warn("Result poll: change list unreadable at offset {}: {}", offset, e.getMessage());
                break;
            }
            Map<String, OffsetDateTime> listed = new LinkedHashMap<>();
            page.stream().filter(s -> s != null && s.orderId() != null).forEach(s -> listed.put(s.orderId(),
                    s.updated()));
            moved.addAll(followUp.moved(listed));
            complete = page.size() < pageSize;
        }
        cycle.listed(moved.size(), complete);
        return List.copyOf(moved);
    }

    /**
     * Moves the change-list window to this cycle's start, only when the whole list was read and no order was missed
     * so far (so, run right after the changed orders, before the sweep).
     */
    public void advanceWindow(PollCycle cycle) {
        if (cycle.listComplete() && !cycle.anyMissed()) {
            followUp.advanceChangeListWindow(cycle.start());
        }
    }

    /**
     * The sweep: the followed orders checked longest ago, as many as spotlink.results.sweep-per-cycle and the budget
     * allow (none once the cycle stopped).
     */
    public List<String> dueForSweep(PollCycle cycle) {
        int sweep = Math.min(settings.sweepPerCycle(), cycle.callsLeft());
        List<String> due = cycle.stopped() ? List.of() : followUp.dueForSweep(sweep, cycle.start());
        cycle.sweeping(due.size());
        return due;
    }

    /** The cycle's summary; warns once when the sweep cannot reach every followed order daily. */
    public PollSummary endCycle(PollCycle cycle) {
        warnIfSweepTooSlow(cycle.swept());
        return cycle.summary();
    }

    /**
     * Retrieves one order and records what changed (one call from the cycle's budget). An order that cannot be
     * followed is logged and left to a later sweep; a 429 or 5xx stops the cycle. Never throws, so the other orders
     * of the split flow on.
     */
    public void retrieve(String spotOrderId, PollCycle cycle) {
        try (var order = org.slf4j.MDC.putCloseable("spotlink.spotOrderId", spotOrderId)) {
            if (!retrieved(spotOrderId, cycle)) {
                cycle.missed();
            }
        }
    }

    private boolean retrieved(String spotOrderId, PollCycle cycle) {
        if (cycle.stopped() || !cycle.take()) {
            return false;
        }
        try {
            Optional<OrderRecord> record = orders.findBySpotOrderId(spotOrderId);
            record.ifPresent(r -> cycle.add(fetch(r)));
            return true;
        } catch (SpotApiException.NotFound e) {
            LOG.warn("Order {} not found at Spot; checked again in a later sweep", spotOrderId);
            followUp.recordChecked(spotOrderId, null);
            return true;
        } catch (SpotApiException.Unavailable | SpotApiException.Configuration e) {
            if (cycle.stop()) {
                LOG.warn("Result poll stopped: {}; orders not reached are first in the next sweep", e.getMessage());
            }
            return false;
        } catch (SpotApiException e) {
            // Spot answered, but this order could not be followed: the others flow on, the sweep comes back to it.
            LOG.error("Order {} could not be followed: {}", spotOrderId, e.getMessage());
            followUp.recordChecked(spotOrderId, null);
            return true;
        } catch (RuntimeException e) {
            // something in this order's body Spotlink cannot record: never stop the cycle for the other orders
            LOG.error("Order {} could not be followed: {}", spotOrderId, e.getClass().getSimpleName());
            followUp.recordChecked(spotOrderId, null);
            return true;
        }
    }

    /**
     * Our ledger's order for this Spot order id, or null when it is not ours (a callback's payload is never trusted:
     * only orders in our ledger are followed).
     */
    public OrderRecord ours(String spotOrderId) {
        return orders.findBySpotOrderId(spotOrderId).orElse(null);
    }

    /**
     * Retrieves one of our orders and records it: kits, news, reports queued, Spot's status, the check. Safe beside a
     * running poll on any replica: every ledger write tolerates a concurrent writer.
     */
    public PollSummary fetch(OrderRecord record) {
        String spotOrderId = record.spotOrderId();
        // A requisition (a kit collected in the clinic) has no change list at Spot: the sweep and callbacks reach it.
        Order retrieved = RequisitionAsOrder.retrieve(spot, orders, spotOrderId);
        // the id asked for is the order's, whatever the body says (the seed makes order_id optional)
        Order order = spotOrderId.equals(retrieved.orderId()) ? retrieved : retrieved.withOrderId(spotOrderId);
        int changes = kits.record(order);
        int queued = news.enqueue(record, order) + enqueuer.enqueue(record, order);
        orders.updateSpotStatus(spotOrderId, order.status() == null ? null : order.status().wire());
        followUp.recordChecked(spotOrderId, order.updated());
        return new PollSummary(1, changes, queued, false, 1, 0, 0);
    }

    /** The sweep must reach every followed order at least daily; say so once when it cannot. */
    private void warnIfSweepTooSlow(int swept) {
        if (swept < settings.sweepPerCycle() || coverageWarned.get()) {
            return;
        }
        int watched = followUp.watchedCount();
        if (watched > settings.sweptPerDay() && coverageWarned.compareAndSet(false, true)) {
            LOG.warn("Result poll: {} orders followed but the sweep reaches {} a day; raise "
                    + "spotlink.results.sweep-per-cycle or shorten spotlink.results.poll-interval", watched,
                    settings.sweptPerDay());
        }
    }
}
