package io.spotlink.intake;

import io.spotlink.ledger.OrderLedger;
import io.spotlink.ledger.OrderRecord;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The ledger side of route order-retry: which FAILED orders are due (failed at least one retry interval ago, fewer
 * than max-attempts attempts), and the canonical order each one kept, which the route resubmits through
 * order-submit.
 */
public class FailedOrderRetrier {

    private final OrderLedger ledger;
    private final Clock clock;
    private final Duration minAge;
    private final int maxAttempts;
    /** FAILED orders read from the ledger at a time. */
    private static final int PAGE = 100;

    public FailedOrderRetrier(OrderLedger ledger, Clock clock, Duration minAge, int maxAttempts) {
        this.ledger = ledger;
        this.clock = clock;
        this.minAge = minAge;
        this.maxAttempts = maxAttempts;
    }

    /**
     * The FAILED orders due now, oldest first, read from the ledger a page at a time as the route's streaming split
     * asks for the next: after a long outage thousands wait, each with its canonical order, and a cycle never holds
     * more than one page of them in memory.
     */
    public Iterator<OrderRecord> due() {
        Instant before = clock.instant().minus(minAge);
        return new Iterator<>() {
            private final Deque<OrderRecord> page = new ArrayDeque<>();
            private long after;
            private boolean lastPage;

            @Override
            public boolean hasNext() {
                if (page.isEmpty() && !lastPage) {
                    List<OrderRecord> next = ledger.retryable(before, maxAttempts, after, PAGE);
                    lastPage = next.size() < PAGE;
                    page.addAll(next);
                    if (!next.isEmpty()) {
                        after = next.get(next.size() - 1).id();
                    }
                }
                return !page.isEmpty();
            }

            @Override
            public OrderRecord next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return page.removeFirst();
            }
        };
    }

    public CanonicalOrder orderOf(OrderRecord record) {
        return CanonicalJson.read(record.payload());
    }
}
