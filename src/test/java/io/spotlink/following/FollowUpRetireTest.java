package io.spotlink.following;

import com.zaxxer.hikari.HikariDataSource;
import io.spotlink.ledger.LedgerDatabase;
import io.spotlink.sim.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sweep's cost follows the open orders: an order finished at Spot whose watch period passed is retired once and
 * never walked again, while an open one, or one finished within its watch period, stays swept; a late change at
 * Spot (its "updated" moves) brings a retired order back.
 */
class FollowUpRetireTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T08:00:00Z"));
    private final HikariDataSource db = LedgerDatabase.open("jdbc:h2:mem:retire-" + System.nanoTime()
            + ";DB_CLOSE_DELAY=-1", "sa", "", 2);
    private final FollowUpLedger followUp = new FollowUpLedger(db, clock, Duration.ofDays(30));

    @AfterEach
    void close() {
        db.close();
    }

    private void order(String spotId, String spotStatus, Instant updated) {
        Timestamp at = Timestamp.from(updated);
        new JdbcTemplate(db).update("INSERT INTO spot_order (source_system, source_order_id, payload_hash, payload, "
                + "spot_order_id, status, spot_status, attempts, created_at, updated_at, spot_updated, checked_at) "
                + "VALUES ('EPIC', ?, 'h', '{}', ?, 'SUBMITTED', ?, 1, ?, ?, ?, ?)", "S-" + spotId, spotId,
                spotStatus, at, at, at, at);
    }

    @Test
    void aFinishedOrderPastItsWatchIsRetiredOnceAndALateChangeBringsItBack() {
        Instant now = clock.instant();
        order("O-OPEN", "in_progress", now.minus(Duration.ofDays(60)));
        order("O-RECENT", "completed", now.minus(Duration.ofDays(5)));
        order("O-OLD", "completed", now.minus(Duration.ofDays(60)));

        assertThat(followUp.dueForSweep(10, now)).containsExactly("O-OPEN", "O-RECENT");
        assertThat(followUp.retireFinished()).as("O-OLD was retired by the sweep already").isZero();
        assertThat(followUp.watchedCount()).isEqualTo(2);

        // Spot amends O-OLD: a retrieve (change list or callback) sees "updated" move
        followUp.recordChecked("O-OLD", OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
        clock.advance(Duration.ofMinutes(1));
        assertThat(followUp.dueForSweep(10, clock.instant())).contains("O-OLD");

        // 31 days later O-RECENT and O-OLD are past their watch; O-OPEN is still followed
        clock.advance(Duration.ofDays(31));
        assertThat(followUp.dueForSweep(10, clock.instant())).containsExactly("O-OPEN");
        assertThat(followUp.watchedCount()).isEqualTo(1);
    }
}
