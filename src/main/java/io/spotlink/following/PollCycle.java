package io.spotlink.following;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** One poll cycle's call budget, tallies and stop flag, shared by its concurrent retrieves. */
final class PollCycle {

    private final AtomicInteger callsLeft;
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger orders = new AtomicInteger();
    private final AtomicInteger changes = new AtomicInteger();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean stopped = new AtomicBoolean();

    PollCycle(int budget) {
        this.callsLeft = new AtomicInteger(budget);
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

    void add(ResultPoller.PollSummary one) {
        orders.addAndGet(one.orders());
        changes.addAndGet(one.statusChanges());
        queued.addAndGet(one.queued());
    }

    ResultPoller.PollSummary summary() {
        return new ResultPoller.PollSummary(orders.get(), changes.get(), queued.get(), stopped.get(), calls.get());
    }
}
