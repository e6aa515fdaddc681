package io.spotlink.following;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One result-poll cycle (exchange property SpotlinkPollCycle of route result-poll): its start, its call budget, its
 * tallies and its stop flag, shared by the split's concurrent retrieves.
 */
public final class PollCycle {

    private final Instant start;
    private final AtomicInteger callsLeft;
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger orders = new AtomicInteger();
    private final AtomicInteger changes = new AtomicInteger();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger missed = new AtomicInteger();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile boolean listComplete;
    private volatile int changed;
    private volatile int swept;

    PollCycle(Instant start, int budget) {
        this.start = start;
        this.callsLeft = new AtomicInteger(budget);
    }

    Instant start() {
        return start;
    }

    /** Takes one call from the budget; false when it is spent. */
    boolean take() {
        if (callsLeft.getAndUpdate(n -> Math.max(0, n - 1)) <= 0) {
            return false;
        }
        calls.incrementAndGet();
        return true;
    }

    int callsLeft() {
        return callsLeft.get();
    }

    /** Stops the cycle (Spot is unavailable); true for the first caller only. */
    boolean stop() {
        return stopped.compareAndSet(false, true);
    }

    boolean stopped() {
        return stopped.get();
    }

    /** The change list was read: how many of its orders moved, and whether every page was read. */
    void listed(int movedOrders, boolean complete) {
        this.changed = movedOrders;
        this.listComplete = complete;
    }

    boolean listComplete() {
        return listComplete;
    }

    void sweeping(int dueOrders) {
        this.swept = dueOrders;
    }

    /** An order this cycle meant to retrieve but did not (budget spent, or the cycle stopped). */
    void missed() {
        missed.incrementAndGet();
    }

    boolean anyMissed() {
        return missed.get() > 0;
    }

    int swept() {
        return swept;
    }

    void add(ResultPoller.PollSummary one) {
        orders.addAndGet(one.orders());
        changes.addAndGet(one.statusChanges());
        queued.addAndGet(one.queued());
    }

    ResultPoller.PollSummary summary() {
        return new ResultPoller.PollSummary(orders.get(), changes.get(), queued.get(), stopped.get(), calls.get(),
                changed, swept);
    }
}
