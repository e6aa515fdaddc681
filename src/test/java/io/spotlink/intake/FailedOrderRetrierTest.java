package io.spotlink.intake;

import com.zaxxer.hikari.HikariDataSource;
import io.spotlink.ledger.LedgerDatabase;
import io.spotlink.ledger.OrderLedger;
import io.spotlink.ledger.OrderRecord;
import io.spotlink.sim.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * order-retry's backlog after a long Spot outage: every due FAILED order comes back, oldest first, while the ledger
 * is read a page at a time (never the whole backlog, canonical orders included, in memory at once).
 */
class FailedOrderRetrierTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T08:00:00Z"));
    private final HikariDataSource db = LedgerDatabase.open("jdbc:h2:mem:retrier-" + System.nanoTime()
            + ";DB_CLOSE_DELAY=-1", "sa", "", 2);
    private final List<Integer> pages = new ArrayList<>();
    private final OrderLedger ledger = new OrderLedger(db, clock, "test", Duration.ofSeconds(30)) {
        @Override
        public List<OrderRecord> retryable(Instant before, int maxAttempts, long afterId, int limit) {
            List<OrderRecord> page = super.retryable(before, maxAttempts, afterId, limit);
            pages.add(page.size());
            return page;
        }
    };

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aLongOutagesBacklogComesBackWholeAndInOrderAPageAtATime() {
        List<Long> failed = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            long id = ledger.claim("EPIC", "F-" + i, null, "h", "{}").record().id();
            ledger.markFailed(id, "Spot unavailable");
            failed.add(id);
        }
        long tooRecent = ledger.claim("EPIC", "F-RECENT", null, "h", "{}").record().id();
        clock.advance(Duration.ofMinutes(3));
        ledger.markFailed(tooRecent, "Spot unavailable"); // failed less than one interval ago: next cycle

        FailedOrderRetrier retrier = new FailedOrderRetrier(ledger, clock, Duration.ofMinutes(2), 10);
        Iterator<OrderRecord> due = retrier.due();
        List<Long> seen = new ArrayList<>();
        due.forEachRemaining(r -> seen.add(r.id()));

        assertThat(seen).containsExactlyElementsOf(failed);
        assertThat(pages).as("pages read").containsExactly(100, 100, 50);
    }
}
