package io.spotlink.intake;

import io.spotlink.ledger.OrderLedger;
import io.spotlink.ledger.OrderRecord;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

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

    public FailedOrderRetrier(OrderLedger ledger, Clock clock, Duration minAge, int maxAttempts) {
        this.ledger = ledger;
        this.clock = clock;
        this.minAge = minAge;
        this.maxAttempts = maxAttempts;
    }

    public List<OrderRecord> due() {
        return ledger.retryable(clock.instant().minus(minAge), maxAttempts);
    }

    public CanonicalOrder orderOf(OrderRecord record) {
        return CanonicalJson.read(record.payload());
    }
}
