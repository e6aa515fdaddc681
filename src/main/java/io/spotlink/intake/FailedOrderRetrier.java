package io.spotlink.intake;

import io.spotlink.ledger.OrderLedger;
import io.spotlink.ledger.OrderRecord;
import io.spotlink.spot.SpotApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;

/**
 * Resubmits orders the ledger holds as FAILED (Spot was unavailable or refused our key when they came in), from the
 * payload it kept, so an order is not lost when the sender does not retry. Stops at the first failure of a cycle.
 */
public class FailedOrderRetrier {

    private static final Logger LOG = LoggerFactory.getLogger(FailedOrderRetrier.class);

    private final OrderLedger ledger;
    private final OrderSubmitter submitter;
    private final Clock clock;
    private final Duration minAge;
    private final int maxAttempts;

    public FailedOrderRetrier(OrderLedger ledger, OrderSubmitter submitter, Clock clock, Duration minAge,
                              int maxAttempts) {
        this.ledger = ledger;
        this.submitter = submitter;
        this.clock = clock;
        this.minAge = minAge;
        this.maxAttempts = maxAttempts;
    }

    /** Returns how many orders reached Spot in this cycle. */
    public int retryFailed() {
        int submitted = 0;
        for (OrderRecord record : ledger.retryable(clock.instant().minus(minAge), maxAttempts)) {
            try {
                OrderReceipt receipt = submitter.submit(CanonicalJson.read(record.payload()));
                LOG.info("Retried order {}/{}: {}", record.sourceSystem(), record.sourceOrderId(), receipt.outcome());
                submitted += receipt.accepted() ? 1 : 0;
            } catch (SpotApiException e) {
                LOG.warn("Retry of failed orders paused: {}", e.getMessage());
                break;
            }
        }
        return submitted;
    }
}
