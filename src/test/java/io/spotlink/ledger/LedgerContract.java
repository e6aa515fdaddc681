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

    private static final Duration OWNER_TIMEOUT = Duration.ofSeconds(30);
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private OrderLedger ledger(Clock clock) {
        return ledger("test-" + UUID.randomUUID(), clock);
    }

    private OrderLedger ledger(String instanceId, Clock clock) {
        return new OrderLedger(dataSource(), clock, instanceId, OWNER_TIMEOUT);
    }

    /** One instance as seen at one moment: its ledger and its heartbeat, on a fixed clock. */
    private record Instance(OrderLedger ledger, InstanceHeartbeat heartbeat) {
    }

    private Instance instance(String id, Instant at) {
        Clock clock = Clock.fixed(at, ZoneOffset.UTC);
        return new Instance(ledger(id, clock), new InstanceHeartbeat(dataSource(), clock, id, Duration.ofSeconds(5)));
    }

    private static List<String> sourceIds(List<OrderRecord> records) {
        return records.stream().map(OrderRecord::sourceOrderId).toList();
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
    void failedOrdersCanBeClaimedAgain() {
        OrderLedger early = ledger(Clock.fixed(T0, ZoneOffset.UTC));
        String failed = unique();
        OrderLedger.Claim claim = early.claim("EPIC", failed, null, "h", "{}");
        early.markFailed(claim.record().id(), "Spot unavailable");
        OrderLedger.Claim again = early.claim("EPIC", failed, null, "h2", "{\"v\":2}");
        assertThat(again.won()).isTrue();
        assertThat(again.record().attempts()).isEqualTo(2);
        assertThat(again.record().payloadHash()).isEqualTo("h2");
    }

    @Test
    void aClaimRecordsItsOwner() {
        String me = "host-a/" + UUID.randomUUID();
        OrderLedger.Claim claim = ledger(me, Clock.systemUTC()).claim("EPIC", unique(), null, "h", "{}");
        assertThat(claim.record().claimedBy()).isEqualTo(me);
    }

    @Test
    void aLiveInstancesClaimIsNeverTakenHoweverOld() {
        String ownerId = "host-a/" + UUID.randomUUID();
        String otherId = "host-b/" + UUID.randomUUID();
        String order = unique();
        Instance owner = instance(ownerId, T0);
        owner.heartbeat().beat();
        owner.ledger().claim("EPIC", order, null, "h", "{}");

        // Ten minutes on, the owner still beats (a slow Spot call, say): its claim stays its own.
        Instant later = T0.plus(Duration.ofMinutes(10));
        instance(ownerId, later).heartbeat().beat();
        Instance other = instance(otherId, later.plusSeconds(20));
        assertThat(sourceIds(other.ledger().orphaned())).doesNotContain(order);
        assertThat(other.ledger().claim("EPIC", order, null, "h", "{}").won()).as("a sender's resend").isFalse();
        OrderRecord held = owner.ledger().findBySource("EPIC", order).orElseThrow();
        assertThat(other.ledger().reclaimOrphaned(held)).as("recovery").isEmpty();
        assertThat(owner.ledger().findBySource("EPIC", order).orElseThrow().claimedBy()).isEqualTo(ownerId);
    }

    @Test
    void aDeadInstancesClaimIsTakenOnceByOneInstance() {
        String deadId = "host-a/" + UUID.randomUUID();
        String order = unique();
        Instance dead = instance(deadId, T0);
        dead.heartbeat().beat();
        dead.ledger().claim("EPIC", order, null, "h", "{}");

        Instant afterTimeout = T0.plus(OWNER_TIMEOUT).plusSeconds(1);
        Instance first = instance("host-b/" + UUID.randomUUID(), afterTimeout);
        Instance second = instance("host-c/" + UUID.randomUUID(), afterTimeout);
        first.heartbeat().beat();
        assertThat(sourceIds(dead.ledger().orphaned())).as("never its own claims").doesNotContain(order);
        OrderRecord seen = first.ledger().orphaned().stream().filter(r -> r.sourceOrderId().equals(order))
                .findFirst().orElseThrow();
        assertThat(sourceIds(second.ledger().orphaned())).contains(order);

        OrderRecord taken = first.ledger().reclaimOrphaned(seen).orElseThrow();
        assertThat(taken.claimedBy()).isEqualTo(first.ledger().instanceId());
        assertThat(taken.attempts()).isEqualTo(2);
        assertThat(taken.status()).isEqualTo(LedgerStatus.SUBMITTING);
        assertThat(second.ledger().reclaimOrphaned(seen)).as("already taken").isEmpty();
        assertThat(second.ledger().claim("EPIC", order, null, "h", "{}").won()).as("taker is alive").isFalse();
    }

    @Test
    void aClaimWhoseOwnerLeftOrNeverBeatIsOrphanedAtOnce() {
        String leaverId = "host-a/" + UUID.randomUUID();
        String order = unique();
        Instance leaver = instance(leaverId, T0);
        leaver.heartbeat().beat();
        leaver.ledger().claim("EPIC", order, null, "h", "{}");
        Instance other = instance("host-b/" + UUID.randomUUID(), T0.plusSeconds(1));
        assertThat(sourceIds(other.ledger().orphaned())).doesNotContain(order);

        leaver.heartbeat().leave();
        assertThat(sourceIds(other.ledger().orphaned())).contains(order);
        assertThat(other.ledger().claim("EPIC", order, null, "h", "{}").won()).as("a sender's resend").isTrue();
    }

    @Test
    void aClaimFromBeforeOwnersWereRecordedIsJudgedByItsAge() {
        String order = unique();
        OrderLedger old = ledger(Clock.fixed(T0, ZoneOffset.UTC));
        old.claim("EPIC", order, null, "h", "{}");
        new org.springframework.jdbc.core.JdbcTemplate(dataSource()).update(
                "UPDATE spot_order SET claimed_by = NULL WHERE source_order_id = ?", order);
        assertThat(sourceIds(ledger(Clock.fixed(T0.plusSeconds(10), ZoneOffset.UTC)).orphaned()))
                .doesNotContain(order);
        assertThat(sourceIds(ledger(Clock.fixed(T0.plus(OWNER_TIMEOUT).plusSeconds(1), ZoneOffset.UTC))
                .orphaned())).contains(order);
    }

    @Test
    void heartbeatsAreUpdatedInPlaceAndLongSilentInstancesPruned() {
        String id = "host-a/" + UUID.randomUUID();
        instance(id, T0).heartbeat().beat();
        instance(id, T0.plusSeconds(5)).heartbeat().beat();
        var jdbc = new org.springframework.jdbc.core.JdbcTemplate(dataSource());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ledger_instance WHERE instance_id = ?", Integer.class,
                id)).isEqualTo(1);
        instance("host-b/" + UUID.randomUUID(), T0.plus(Duration.ofDays(2))).heartbeat().prune();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ledger_instance WHERE instance_id = ?", Integer.class,
                id)).isZero();
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
