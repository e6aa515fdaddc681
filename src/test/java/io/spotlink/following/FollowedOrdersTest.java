package io.spotlink.following;

import com.zaxxer.hikari.HikariDataSource;
import io.spotlink.ledger.LedgerDatabase;
import io.spotlink.ledger.OrderLedger;
import io.spotlink.sim.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which orders the result poll's sweep follows, for orders recorded the way the submit path records them. Found by
 * the soak: an order recorded as completed straight from the create path (an earlier attempt's order found late,
 * after a crash) was never polled, so its results never went out.
 */
class FollowedOrdersTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T08:00:00Z"));
    private final HikariDataSource db = LedgerDatabase.open("jdbc:h2:mem:followed-" + System.nanoTime()
            + ";DB_CLOSE_DELAY=-1", "sa", "", 2);
    private final OrderLedger orders = new OrderLedger(db, clock, "test", Duration.ofSeconds(30));
    private final FollowUpLedger followUp = new FollowUpLedger(db, clock, Duration.ofDays(30));

    @AfterEach
    void close() {
        db.close();
    }

    private void submitted(String sourceId, String spotId, String spotStatus) {
        OrderLedger.Claim claim = orders.claim("EPIC", sourceId, null, "h", "{}");
        orders.markSubmitted(claim.record().id(), spotId, spotStatus);
    }

    @Test
    void anOrderRecordedCompletedAtCreateIsStillPolled() {
        submitted("S1", "O1000001", "completed");
        assertThat(followUp.dueForSweep(10, clock.instant())).containsExactly("O1000001");
    }

    @Test
    void openOrdersStayFollowedAndFinishedOnesEndWithTheirWatch() {
        submitted("S2", "O1000002", "pending");
        submitted("S3", "O1000003", "canceled");
        assertThat(followUp.dueForSweep(10, clock.instant())).as("both, within the watch period")
                .containsExactly("O1000002", "O1000003");

        clock.advance(Duration.ofDays(31));
        assertThat(followUp.dueForSweep(10, clock.instant())).containsExactly("O1000002");
    }
}
