package io.spotlink.following;

import io.spotlink.ledger.LedgerDatabase;
import io.spotlink.support.PollHarness;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** result-poll's ledger statements (change list, sweep, watermark, kit upserts) on a real PostgreSQL server. */
class ResultPollPostgresTest {

    @Test
    void followsChangesAndSweepsOnPostgres() throws Exception {
        Instant t0 = Instant.parse("2026-03-02T10:00:00Z");
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
             PollHarness h = PollHarness.start(LedgerDatabase.open(postgres.getJdbcUrl("postgres", "postgres"),
                     "postgres", "postgres", 8), new ResultPollSettings(5, Duration.ofDays(30), 4, 10_000,
                     Duration.ofMinutes(1)), t0, "sim.stage-duration", "P1D", "sim.partial-rate", "0")) {
            List<String> ids = h.seedOpenOrders(30);
            h.clock.advance(Duration.ofDays(2).plusHours(1)); // kits exist, in transit
            ResultPoller.PollSummary first = h.pollOnce(); // every order new to the ledger, kits inserted
            assertThat(first.orders()).isEqualTo(30);
            assertThat(first.statusChanges()).as("kit in transit, sample awaiting collection").isEqualTo(30 * 2);
            assertThat(h.followUp.changeListWindow()).contains(h.clock.instant());
            assertThat(h.pollOnce().statusChanges()).as("nothing new, kit rows updated in place").isZero();

            h.clock.advance(Duration.ofDays(3)); // every kit moved on: registered, sample in transit
            h.sim.touch(ids.get(3));
            h.sim.resetCallCounts();
            ResultPoller.PollSummary next = h.pollOnce();
            assertThat(h.retrieveCalls()).as("30 moved (lifecycle), no sweep left over").isEqualTo(30);
            assertThat(next.statusChanges()).as("kit registered, sample in transit").isEqualTo(30 * 2);
            assertThat(h.followUp.spotUpdated(ids.get(3))).contains(h.clock.instant());
            assertThat(h.followUp.dueForSweep(100, h.clock.instant())).isEmpty();
            assertThat(h.followUp.watchedCount()).isEqualTo(30);
        }
    }
}
