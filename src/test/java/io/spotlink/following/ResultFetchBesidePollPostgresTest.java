package io.spotlink.following;

import io.spotlink.delivery.DeliveryDestination;
import io.spotlink.ledger.LedgerDatabase;
import io.spotlink.support.PollHarness;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * result-fetch (a callback's fetch) beside result-poll on another replica, both at once for the same orders on one
 * PostgreSQL ledger: the kit, status-event and delivery writes are upserts, so every report version is queued once.
 */
class ResultFetchBesidePollPostgresTest {

    @Test
    void aFetchAndAPollCycleAtOnceQueueEachReportExactlyOnce() throws Exception {
        Instant t0 = Instant.parse("2026-03-02T10:00:00Z");
        ResultPollSettings settings = new ResultPollSettings(50, Duration.ofDays(30), 4, 10_000, Duration.ofMinutes(1));
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
             PollHarness h = PollHarness.start(LedgerDatabase.open(postgres.getJdbcUrl("postgres", "postgres"),
                     "postgres", "postgres", 16), settings, t0, "sim.stage-duration", "PT1H",
                     "sim.partial-rate", "0", "sim.amendment-rate", "1")) {
            List<String> ids = h.seedOpenOrders(20);
            h.clock.advance(Duration.ofDays(3)); // every kit resulted and amended: two report versions each
            ReportEnqueuer enqueuer = new ReportEnqueuer(h.deliveries,
                    (report, destination, controlId) -> "MSH|^~\\&|STUB|" + report.report().reportId(),
                    List.of(new DeliveryDestination("file", "file", java.util.Map.of("directory", "outbox"), null,
                            null, null)));
            // the other replica: its own poller and ledgers over the same database
            ResultPoller replica = new ResultPoller(h.orders, h.spot, new KitTracker(h.dataSource, h.clock), enqueuer,
                    new FollowUpLedger(h.dataSource, h.clock, settings.watchCompletedFor()), settings, h.clock);

            ExecutorService pool = Executors.newFixedThreadPool(5);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> work = new ArrayList<>();
            work.add(pool.submit(() -> {
                go.await();
                return h.pollOnce();
            }));
            for (int t = 0; t < 4; t++) {
                int first = t;
                work.add(pool.submit(() -> {
                    go.await();
                    for (int i = first; i < ids.size(); i += 4) {
                        replica.fetch(h.orders.findBySpotOrderId(ids.get(i)).orElseThrow());
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : work) {
                f.get(2, TimeUnit.MINUTES);
            }
            pool.shutdown();

            JdbcTemplate jdbc = new JdbcTemplate(h.dataSource);
            List<Map<String, Object>> perVersion = jdbc.queryForList("SELECT report_id, result_status, COUNT(*) AS n "
                    + "FROM oru_delivery GROUP BY report_id, result_status");
            assertThat(perVersion).as("final and amendment of 20 kits").hasSize(40)
                    .allMatch(r -> ((Number) r.get("n")).intValue() == 1);
            List<Map<String, Object>> events = jdbc.queryForList("SELECT kit_id, subject, status, COUNT(*) AS n "
                    + "FROM spot_status_event GROUP BY kit_id, subject, status");
            assertThat(events).isNotEmpty().allMatch(r -> ((Number) r.get("n")).intValue() == 1);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM spot_kit", Integer.class)).isEqualTo(20);
        }
    }
}
