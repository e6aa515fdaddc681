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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Follows the orders Spotlink watches at Spot: records kit and sample changes and queues each report not yet queued.
 * A cycle costs O(orders changed), not O(orders open):
 * <ol>
 * <li>the change list: GET /orders/?updated_after= from one day before the last complete cycle (Spot's filter is in
 * whole days, so windows overlap; every step is idempotent), and a retrieve only for the orders whose "updated"
 * differs from the one the ledger last saw;</li>
 * <li>a bounded reconciliation sweep: the {@code sweepPerCycle} orders checked longest ago (never-checked first), so
 * every order is retrieved regularly even if a change was missed.</li>
 * </ol>
 * Retrieves run {@code concurrency} at a time under a per-cycle call budget. A 429 or 5xx (beyond the client's
 * retries) stops the cycle, but never restarts anything from the first order: orders not reached keep their old
 * check time (the sweep resumes with them) and the change-list window does not move (the next list covers them).
 */
public class ResultPoller {

    private static final Logger LOG = LoggerFactory.getLogger(ResultPoller.class);

    /** What one cycle (or one fetch) did; {@code calls} counts Spot calls. */
    public record PollSummary(int orders, int statusChanges, int queued, boolean interrupted, int calls) {
    }

    private final OrderLedger orders;
    private final SpotClient spot;
    private final KitTracker kits;
    private final ReportEnqueuer enqueuer;
    private final FollowUpLedger followUp;
    private final ResultPollSettings settings;
    private final Clock clock;
    private final AtomicBoolean cycling = new AtomicBoolean();
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

    /** One poll cycle. Cycles of this instance never overlap; callbacks' fetches do not wait for them. */
    public PollSummary pollOnce() {
        if (!cycling.compareAndSet(false, true)) {
            return new PollSummary(0, 0, 0, false, 0);
        }
        try {
            return cycle();
        } finally {
            cycling.set(false);
        }
    }

    /**
     * Fetches one of our orders now (a callback named it, see CallbackIdResolver). The callback's payload is never
     * trusted: only orders in our ledger are followed, one retrieve each. Safe beside a running poll on any replica:
     * every ledger write tolerates a concurrent writer.
     */
    public Optional<PollSummary> fetchNow(String spotOrderId) {
        Optional<OrderRecord> record = orders.findBySpotOrderId(spotOrderId);
        if (record.isEmpty()) {
            LOG.info("Callback named order {}, which is not an order of ours; ignored", spotOrderId);
            return Optional.empty();
        }
        return Optional.of(refresh(record.get()));
    }

    private PollSummary cycle() {
        Instant start = clock.instant();
        PollCycle cycle = new PollCycle(settings.maxCallsPerCycle());
        ChangeList changes = listChanges(start, cycle);
        boolean allRetrieved = retrieve(changes.moved(), cycle);
        if (changes.complete() && allRetrieved) {
            followUp.advanceChangeListWindow(start);
        }
        int sweep = Math.min(settings.sweepPerCycle(), cycle.callsLeft());
        List<String> due = cycle.stopped() ? List.of() : followUp.dueForSweep(sweep, start);
        retrieve(due, cycle);
        warnIfSweepTooSlow(due.size());
        PollSummary summary = cycle.summary();
        if (summary.orders() > 0 || summary.interrupted()) {
            LOG.info("Result poll: {} call(s) to Spot, {} changed and {} swept order(s) retrieved, {} status "
                    + "change(s), {} ORU(s) queued{}", summary.calls(), changes.moved().size(), due.size(),
                    summary.statusChanges(), summary.queued(), summary.interrupted() ? "; stopped early" : "");
        }
        return summary;
    }

    private record ChangeList(List<String> moved, boolean complete) {
    }

    /** Pages through Spot's orders updated in the window; keeps the ones whose "updated" moved. */
    private ChangeList listChanges(Instant start, PollCycle cycle) {
        Instant since = followUp.changeListWindow().orElse(start.minus(Duration.ofDays(1)));
        LocalDate after = since.atOffset(ZoneOffset.UTC).toLocalDate().minusDays(1);
        Map<String, String> filter = Map.of("updated_after", after.toString());
        int pageSize = spot.config().pageSize();
        Set<String> moved = new LinkedHashSet<>();
        for (int offset = 0; ; offset += pageSize) {
            if (cycle.stopped() || !cycle.take()) {
                return new ChangeList(List.copyOf(moved), false);
            }
            List<OrderSummary> page;
            try {
                page = spot.listOrders(filter, offset, pageSize);
            } catch (SpotApiException.Unavailable | SpotApiException.Configuration e) {
                cycle.stop();
                LOG.warn("Result poll: change list stopped at offset {}: {}", offset, e.getMessage());
                return new ChangeList(List.copyOf(moved), false);
            } catch (SpotApiException e) {
                LOG.warn("Result poll: change list unreadable at offset {}: {}", offset, e.getMessage());
                return new ChangeList(List.copyOf(moved), false);
            }
            Map<String, OffsetDateTime> listed = new LinkedHashMap<>();
            page.stream().filter(s -> s != null && s.orderId() != null).forEach(s -> listed.put(s.orderId(),
                    s.updated()));
            moved.addAll(followUp.moved(listed));
            if (page.size() < pageSize) {
                return new ChangeList(List.copyOf(moved), true);
            }
        }
    }

    /** Retrieves these orders, {@code concurrency} at a time; true when every one was retrieved. */
    private boolean retrieve(List<String> spotOrderIds, PollCycle cycle) {
        if (spotOrderIds.isEmpty()) {
            return true;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(settings.concurrency(), spotOrderIds.size()),
                r -> {
                    Thread t = new Thread(r, "result-poll-retrieve");
                    t.setDaemon(true);
                    return t;
                });
        try {
            List<Future<Boolean>> done = new ArrayList<>();
            for (String id : spotOrderIds) {
                done.add(pool.submit(() -> retrieveOne(id, cycle)));
            }
            boolean all = true;
            for (Future<Boolean> f : done) {
                all &= f.get();
            }
            return all;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cycle.stop();
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("Result poll retrieve failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private boolean retrieveOne(String spotOrderId, PollCycle cycle) {
        try (var order = org.slf4j.MDC.putCloseable("spotlink.spotOrderId", spotOrderId)) {
            return retrieveOneInContext(spotOrderId, cycle);
        }
    }

    private boolean retrieveOneInContext(String spotOrderId, PollCycle cycle) {
        if (cycle.stopped() || !cycle.take()) {
            return false;
        }
        try {
            Optional<OrderRecord> record = orders.findBySpotOrderId(spotOrderId);
            record.ifPresent(r -> cycle.add(refresh(r)));
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

    private PollSummary refresh(OrderRecord record) {
        String spotOrderId = record.spotOrderId();
        // A requisition (a kit collected in the clinic) has no change list at Spot: the sweep and callbacks reach it.
        Order retrieved = RequisitionAsOrder.retrieve(spot, orders, spotOrderId);
        // the id asked for is the order's, whatever the body says (the seed makes order_id optional)
        Order order = spotOrderId.equals(retrieved.orderId()) ? retrieved : retrieved.withOrderId(spotOrderId);
        int changes = kits.record(order);
        int queued = news.enqueue(record, order) + enqueuer.enqueue(record, order);
        orders.updateSpotStatus(spotOrderId, order.status() == null ? null : order.status().wire());
        followUp.recordChecked(spotOrderId, order.updated());
        return new PollSummary(1, changes, queued, false, 1);
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
