package io.spotlink.ledger;

import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The ledger's behaviour, run against every database Spotlink supports. */
abstract class LedgerContract {

    protected abstract DataSource dataSource();

    private OrderLedger ledger(Clock clock) {
        return new OrderLedger(dataSource(), clock, Duration.ofMinutes(5));
    }

    private static String unique() {
        return "SO-" + UUID.randomUUID();
    }

    @Test
    void recordsAnOrderThroughItsLife() {
        OrderLedger ledger = ledger(Clock.systemUTC());
        String id = unique();
        OrderLedger.Claim claim = ledger.claim("EPIC", id, "MRN1", "h1", "{}");
        assertThat(claim.won()).isTrue();
        assertThat(claim.record().status()).isEqualTo(LedgerStatus.SUBMITTING);

        ledger.markSubmitted(claim.record().id(), "O" + Math.abs(id.hashCode() % 10_000_000), "pending");
        OrderRecord saved = ledger.findBySource("EPIC", id).orElseThrow();
        assertThat(saved.status()).isEqualTo(LedgerStatus.SUBMITTED);
        assertThat(saved.spotStatus()).isEqualTo("pending");
        assertThat(ledger.findBySpotOrderId(saved.spotOrderId())).contains(saved);
        assertThat(ledger.findBySourceOrderId(id)).containsExactly(saved);

        ledger.updateSpotStatus(saved.spotOrderId(), "in_progress");
        assertThat(ledger.findById(saved.id()).orElseThrow().spotStatus()).isEqualTo("in_progress");
    }

    @Test
    void aSecondClaimLosesWhileTheFirstIsInFlightOrDone() {
        OrderLedger ledger = ledger(Clock.systemUTC());
        String id = unique();
        OrderLedger.Claim first = ledger.claim("EPIC", id, null, "h", "{}");
        assertThat(ledger.claim("EPIC", id, null, "h", "{}").won()).isFalse();
        ledger.markSubmitted(first.record().id(), "O7" + Math.abs(id.hashCode() % 1_000_000), "pending");
        assertThat(ledger.claim("EPIC", id, null, "h", "{}").won()).isFalse();
        assertThat(ledger.claim("OTHER", id, null, "h", "{}").won()).as("another source system").isTrue();
    }

    @Test
    void failedAndAbandonedOrdersCanBeClaimedAgain() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        OrderLedger early = ledger(Clock.fixed(t0, ZoneOffset.UTC));
        String failed = unique();
        OrderLedger.Claim claim = early.claim("EPIC", failed, null, "h", "{}");
        early.markFailed(claim.record().id(), "Spot unavailable");
        OrderLedger.Claim again = early.claim("EPIC", failed, null, "h2", "{\"v\":2}");
        assertThat(again.won()).isTrue();
        assertThat(again.record().attempts()).isEqualTo(2);
        assertThat(again.record().payloadHash()).isEqualTo("h2");

        String abandoned = unique();
        early.claim("EPIC", abandoned, null, "h", "{}");
        assertThat(early.claim("EPIC", abandoned, null, "h", "{}").won()).as("still fresh").isFalse();
        OrderLedger later = ledger(Clock.fixed(t0.plus(Duration.ofMinutes(6)), ZoneOffset.UTC));
        assertThat(later.claim("EPIC", abandoned, null, "h", "{}").won()).as("left by a crash").isTrue();
    }

    @Test
    void simultaneousClaimsOfOneOrderHaveExactlyOneWinner() throws Exception {
        OrderLedger ledger = ledger(Clock.systemUTC());
        String id = unique();
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Callable<Boolean> task = () -> {
                    start.await();
                    return ledger.claim("EPIC", id, null, "h", "{}").won();
                };
                results.add(pool.submit(task));
            }
            start.countDown();
            int winners = 0;
            for (Future<Boolean> f : results) {
                winners += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
