package io.spotlink.following;

import io.spotlink.delivery.Delivery;
import io.spotlink.spot.model.Order;
import io.spotlink.support.PollHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * result-poll against the simulator over real HTTP, counting the calls Spot receives: a cycle costs the orders that
 * changed plus list pages plus a bounded sweep; a 429 never restarts from the first order; completed orders stay
 * watched for late amendments; retrieves are bounded in number and concurrency; callbacks never wait for a cycle.
 */
class ResultPollAtScaleTest {

    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    private static final String[] FROZEN = {"sim.stage-duration", "PT1000H"}; // no lifecycle change during the test

    @TempDir
    Path dir;

    private static ResultPollSettings settings(int sweep, int concurrency, int budget) {
        return new ResultPollSettings(sweep, Duration.ofDays(30), concurrency, budget, Duration.ofMinutes(1));
    }

    /** Spot order ids whose last check is exactly {@code at}. */
    private static List<String> checkedAt(PollHarness h, Instant at) {
        return new JdbcTemplate(h.dataSource).queryForList("SELECT spot_order_id FROM spot_order WHERE checked_at = ? "
                + "ORDER BY id", String.class, Timestamp.from(at));
    }

    @Test
    void aCycleRetrievesOnlyTheOrdersWhoseUpdatedMovedPlusABoundedSweep() {
        try (PollHarness h = PollHarness.start(dir, settings(10, 4, 10_000), T0, FROZEN)) {
            List<String> ids = h.seedOpenOrders(1000);
            h.clock.advance(Duration.ofHours(1));
            h.pollOnce(); // first sight: every listed order is new to the ledger
            h.clock.advance(Duration.ofDays(3));
            h.pollOnce(); // nothing moved: list pages and the sweep only

            List<String> changed = new ArrayList<>();
            for (int i = 7; i < ids.size(); i += 100) {
                changed.add(ids.get(i));
            }
            h.clock.advance(Duration.ofHours(1));
            Instant touched = h.clock.instant();
            changed.forEach(h.sim::touch);
            h.clock.advance(Duration.ofMinutes(1));
            h.sim.resetCallCounts();

            ResultPoller.PollSummary cycle = h.pollOnce();

            assertThat(h.listCalls()).as("one list page: only the changed orders are in the window").isEqualTo(1);
            assertThat(h.retrieveCalls()).as("10 changed + 10 swept, of 1000 open").isEqualTo(20);
            assertThat(cycle.calls()).isEqualTo(21).isLessThanOrEqualTo(changed.size() + 1 + 10);
            assertThat(checkedAt(h, h.clock.instant())).containsAll(changed).hasSize(20);
            changed.forEach(id -> assertThat(h.followUp.spotUpdated(id)).contains(touched));
        }
    }

    @Test
    void theSweepReachesEveryOpenOrderInTurnOldestCheckedFirst() {
        try (PollHarness h = PollHarness.start(dir, settings(10, 4, 10_000), T0, FROZEN)) {
            List<String> ids = h.seedOpenOrders(40);
            h.clock.advance(Duration.ofDays(3)); // nothing in the change list: the sweep alone
            List<String> checked = new ArrayList<>();
            for (int cycle = 0; cycle < 4; cycle++) {
                h.clock.advance(Duration.ofMinutes(1));
                h.pollOnce();
                checked.addAll(checkedAt(h, h.clock.instant()));
            }
            assertThat(checked).as("each order once, in four cycles of at most 10").containsExactlyElementsOf(ids);
            h.clock.advance(Duration.ofMinutes(1));
            h.pollOnce();
            assertThat(checkedAt(h, h.clock.instant())).as("then the ones checked longest ago")
                    .isEqualTo(ids.subList(0, 10));
        }
    }

    @Test
    void a429MidSweepStopsTheCycleAndTheNextContinuesWithTheOldestCheckedNotTheFirstOrder() {
        try (PollHarness h = PollHarness.start(dir, settings(10, 1, 10_000), T0, FROZEN)) {
            List<String> ids = h.seedOpenOrders(40);
            h.clock.advance(Duration.ofDays(3)); // the orders are older than the change-list window: sweep only
            h.pollOnce();
            assertThat(checkedAt(h, h.clock.instant())).isEqualTo(ids.subList(0, 10));

            h.sim.faults().rateLimitAfter(1 + 5); // the list page and five retrieves pass, then 429
            h.clock.advance(Duration.ofMinutes(1));
            ResultPoller.PollSummary interrupted = h.pollOnce();
            assertThat(interrupted.interrupted()).isTrue();
            assertThat(checkedAt(h, h.clock.instant())).isEqualTo(ids.subList(10, 15));

            h.sim.faults().rateLimitAfter(-1);
            h.clock.advance(Duration.ofMinutes(1));
            h.sim.resetCallCounts();
            ResultPoller.PollSummary next = h.pollOnce();
            assertThat(next.interrupted()).isFalse();
            assertThat(checkedAt(h, h.clock.instant())).as("never back to the first order")
                    .isEqualTo(ids.subList(15, 25));
            assertThat(h.retrieveCalls()).isEqualTo(10);
        }
    }

    @Test
    void aFailedChangeListDoesNotMoveItsWindowSoTheNextCycleStillSeesTheChanges() {
        try (PollHarness h = PollHarness.start(dir, settings(0, 4, 10_000), T0, FROZEN)) {
            List<String> ids = h.seedOpenOrders(10);
            h.clock.advance(Duration.ofHours(1));
            h.pollOnce(); // every order seen once; the window starts here
            assertThat(h.followUp.changeListWindow()).contains(h.clock.instant());

            h.clock.advance(Duration.ofDays(2));
            List<String> changed = ids.subList(2, 5);
            changed.forEach(h.sim::touch);
            h.clock.advance(Duration.ofDays(3));
            h.sim.faults().rateLimitAfter(0);
            assertThat(h.pollOnce().interrupted()).isTrue();

            h.sim.faults().rateLimitAfter(-1);
            h.clock.advance(Duration.ofMinutes(1));
            h.sim.resetCallCounts();
            h.pollOnce();
            // Had the failed cycle moved the window to its own start, changes three days older would be missed.
            assertThat(h.retrieveCalls()).isEqualTo(3);
            assertThat(checkedAt(h, h.clock.instant())).containsExactlyElementsOf(changed);
            assertThat(h.followUp.changeListWindow()).contains(h.clock.instant());
        }
    }

    @Test
    void retrievesStayWithinTheCallBudgetAndTheConcurrency() {
        try (PollHarness h = PollHarness.start(dir, settings(200, 3, 15), T0, FROZEN)) {
            List<String> ids = h.seedOpenOrders(100);
            h.clock.advance(Duration.ofDays(3));
            h.sim.faults().setLatency(Duration.ofMillis(30));
            h.sim.resetCallCounts();
            ResultPoller.PollSummary cycle = h.pollOnce();
            assertThat(h.listCalls() + h.retrieveCalls()).as("budget of 15 calls").isEqualTo(15);
            assertThat(cycle.calls()).isEqualTo(15);
            assertThat(h.sim.maxConcurrentRequests()).isBetween(2, 3);
            assertThat(checkedAt(h, h.clock.instant())).isEqualTo(ids.subList(0, 14));
        }
    }

    @Test
    void aCompletedOrderStaysWatchedForALateAmendmentDuringTheWatchPeriod() {
        assertThat(lateAmendmentQueued(Duration.ofDays(30))).as("watched for 30 days").isTrue();
        assertThat(lateAmendmentQueued(Duration.ofHours(12))).as("no longer followed after 12 hours").isFalse();
    }

    /** Order resulted on day 8 (final report delivered), amended on day 9: is the correction queued? */
    private boolean lateAmendmentQueued(Duration watch) {
        ResultPollSettings settings = new ResultPollSettings(200, watch, 4, 10_000, Duration.ofMinutes(1));
        try (PollHarness h = PollHarness.start(dir.resolve(watch.toString()), settings, T0, "sim.stage-duration",
                "P1D", "sim.amendment-rate", "1", "sim.partial-rate", "0", "sim.extra-checks-rate", "0")) {
            String id = h.seedOpenOrders(1).get(0);
            h.clock.advance(Duration.ofDays(8).plusHours(1));
            h.pollOnce();
            assertThat(h.orders.findBySpotOrderId(id).orElseThrow().spotStatus()).isEqualTo("completed");
            assertThat(h.deliveries.forOrder(id)).extracting(Delivery::resultStatus).containsExactly('F');
            h.deliverAll();
            h.clock.advance(Duration.ofDays(1));
            h.pollOnce();
            return h.deliveries.forOrder(id).stream().anyMatch(d -> d.resultStatus() == 'C');
        }
    }

    @Test
    void aCallbackFetchDoesNotWaitForTheRunningCycle() throws Exception {
        try (PollHarness h = PollHarness.start(dir, settings(20, 1, 10_000), T0, FROZEN)) {
            List<String> ids = h.seedOpenOrders(21);
            h.clock.advance(Duration.ofDays(3));
            h.sim.faults().setLatency(Duration.ofMillis(300)); // the cycle: 1 page + 20 retrieves, one at a time
            h.sim.resetCallCounts();
            CompletableFuture<ResultPoller.PollSummary> cycle = CompletableFuture.supplyAsync(h::pollOnce);
            await().atMost(Duration.ofSeconds(10)).until(() -> h.retrieveCalls() >= 1);
            assertThat(h.fetchNow(ids.get(20))).isNotNull();
            assertThat(cycle).as("the callback's fetch finished while the cycle still ran").isNotDone();
            assertThat(cycle.get(30, TimeUnit.SECONDS).orders()).isEqualTo(20);
        }
    }

    @Test
    void oneRetrieveThreadServesBothSplitsOfTheRoute() {
        try (PollHarness h = PollHarness.start(dir, settings(5, 1, 10_000), T0, FROZEN)) {
            List<String> ids = h.seedOpenOrders(30);
            h.clock.advance(Duration.ofHours(1));
            h.pollOnce();
            h.clock.advance(Duration.ofDays(3));
            ids.subList(0, 3).forEach(h.sim::touch);
            h.clock.advance(Duration.ofMinutes(1));

            ResultPoller.PollSummary cycle = h.pollOnce();

            assertThat(cycle.changed()).as("the changed orders' split").isEqualTo(3);
            assertThat(cycle.swept()).as("then the sweep's, on the same single thread").isEqualTo(5);
            assertThat(cycle.orders()).isEqualTo(8);
            assertThat(h.followUp.changeListWindow()).contains(h.clock.instant());
        }
    }

    @Test
    void concurrentWritersOfTheSameKitRecordEachStatusOnceWithoutFailing() throws Exception {
        try (PollHarness h = PollHarness.start(dir, settings(0, 1, 10_000), T0, "sim.stage-duration", "P1D")) {
            List<String> ids = h.seedOpenOrders(20);
            h.clock.advance(Duration.ofDays(5).plusHours(1)); // kit delivered, sample in transit
            ExecutorService writers = Executors.newFixedThreadPool(6);
            try {
                for (String id : ids) {
                    Order order = h.spot.retrieveOrder(id);
                    CountDownLatch go = new CountDownLatch(1);
                    List<Future<Integer>> done = new ArrayList<>();
                    for (int w = 0; w < 6; w++) {
                        done.add(writers.submit(() -> {
                            go.await();
                            return h.kits.record(order);
                        }));
                    }
                    go.countDown();
                    int changes = 0;
                    for (Future<Integer> f : done) {
                        changes += f.get(10, TimeUnit.SECONDS);
                    }
                    assertThat(changes).as("one writer records each change").isEqualTo(2);
                    assertThat(h.kits.history(order.kits().get(0).kitId()))
                            .containsExactlyInAnyOrder("KIT:registered", "SAMPLE:in_transit");
                }
            } finally {
                writers.shutdownNow();
            }
        }
    }
}
