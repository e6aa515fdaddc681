package io.spotlink.support;

import com.zaxxer.hikari.HikariDataSource;
import io.spotlink.intake.CanonicalJson;
import io.spotlink.ledger.LedgerDatabase;
import io.spotlink.ledger.OrderLedger;
import io.spotlink.delivery.DeliveryLedger;
import io.spotlink.delivery.DeliveryStatus;
import io.spotlink.following.FollowUpLedger;
import io.spotlink.following.KitTracker;
import io.spotlink.following.ReportEnqueuer;
import io.spotlink.following.ResultPollSettings;
import io.spotlink.following.ResultPoller;
import io.spotlink.sim.MutableClock;
import io.spotlink.sim.SimulatorConfig;
import io.spotlink.sim.SpotSimulator;
import io.spotlink.spot.SpotClient;
import io.spotlink.spot.SpotClientConfig;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.impl.DefaultCamelContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * result-poll wired as in the bundle (routes/result-poll.yaml and result-fetch.yaml over ResultPoller, ledgers on H2
 * with the real migrations, SpotClient over real HTTP) against the simulator; the leader's timer is replaced by
 * direct:result-poll, which {@link #pollOnce()} calls, on one MutableClock shared by Spotlink and the simulator. ORUs are a stub text (the
 * ORU builder has its own tests), queued for the "file" destination. Used by the scale tests and PollBench.
 */
public final class PollHarness implements AutoCloseable {

    /** A valid create-order body; the simulator's orders are seeded from it. */
    public static final String CREATE_BODY = """
            {"kit_types":["health_kit_1"],"recipient":{"first_name":"A","last_name":"B","email":"a@b.org",
             "phone":"4155550100","address":{"street1":"1 Main","city":"Austin","state":"TX","country":"US",
             "zip":"73301"}}}""";

    static {
        // The JDK HTTP server's Nagle delay (about 40 ms an answer) would hide what the poller itself costs.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    public final MutableClock clock;
    public final SpotSimulator sim;
    public final HikariDataSource dataSource;
    public final OrderLedger orders;
    public final FollowUpLedger followUp;
    public final KitTracker kits;
    public final DeliveryLedger deliveries;
    public final SpotClient spot;
    public final ResultPoller poller;
    private final SpotRoutes spotRoutes;
    private final DefaultCamelContext routes = new DefaultCamelContext();
    private final ProducerTemplate producer;

    private PollHarness(HikariDataSource dataSource, ResultPollSettings settings, MutableClock clock,
                        SimulatorConfig simConfig) {
        this.clock = clock;
        this.sim = SpotSimulator.start(simConfig.withClock(clock));
        this.dataSource = dataSource;
        this.spotRoutes = SpotRoutes.start(sim.baseUrl(), Simulators.API_KEY, "spot.api.retry.max-redeliveries", "0");
        this.spot = spotRoutes.client;
        this.orders = new OrderLedger(dataSource, clock, "poll-harness", Duration.ofSeconds(30));
        this.followUp = new FollowUpLedger(dataSource, clock, settings.watchCompletedFor());
        this.kits = new KitTracker(dataSource, clock);
        this.deliveries = new DeliveryLedger(dataSource, clock, Duration.ofMinutes(2));
        ReportEnqueuer enqueuer = new ReportEnqueuer(deliveries,
                (report, destination, controlId) -> "MSH|^~\\&|STUB|" + report.report().reportId(),
                List.of(new io.spotlink.delivery.DeliveryDestination("file", "file", java.util.Map.of("directory", "outbox"),
                        null, null, null)));
        this.poller = new ResultPoller(orders, spot, kits, enqueuer, followUp, settings, clock);
        this.producer = startRoutes(settings);
    }

    private ProducerTemplate startRoutes(ResultPollSettings settings) {
        try {
            routes.getPropertiesComponent().setLocation("file:config/application.properties");
            routes.getRegistry().bind("resultPoller", poller);
            routes.getRegistry().bind("resultPollRetrieves", routes.getExecutorServiceManager()
                    .newFixedThreadPool(poller, "result-poll-retrieve", settings.concurrency()));
            YamlRoutes.load(routes, "result-poll.yaml", "result-fetch.yaml");
            AdviceWith.adviceWith(routes, "result-poll", a -> a.replaceFromWith("direct:result-poll"));
            routes.start();
            return routes.createProducerTemplate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** One whole cycle of route result-poll; returns its summary. */
    public ResultPoller.PollSummary pollOnce() {
        return producer.requestBody("direct:result-poll", null, ResultPoller.PollSummary.class);
    }

    /** What route result-fetch does with this id (a callback named it): its summary, or null for an unknown id. */
    public ResultPoller.PollSummary fetchNow(String spotOrderId) {
        return producer.requestBody("seda:result-fetch", spotOrderId, ResultPoller.PollSummary.class);
    }

    /** Starts at {@code start}; {@code simSettings} are sim.* keys (see Simulators.config). */
    public static PollHarness start(Path dir, ResultPollSettings settings, Instant start, String... simSettings) {
        return start(LedgerDatabase.open("jdbc:h2:file:" + dir.resolve("ledger"), "sa", "", 8), settings, start,
                simSettings);
    }

    /** The same on a ledger of the caller's (PostgreSQL, say); closing the harness closes it. */
    public static PollHarness start(HikariDataSource ledger, ResultPollSettings settings, Instant start,
                                    String... simSettings) {
        return new PollHarness(ledger, settings, new MutableClock(start), Simulators.config(simSettings));
    }

    /**
     * Creates {@code count} orders at the simulator (directly, no HTTP) and records each in the ledger as submitted,
     * as order-submit would. Returns the Spot order ids in creation order.
     */
    public List<String> seedOpenOrders(int count) {
        List<String> ids = sim.seedOrders(count, CREATE_BODY);
        String payload = CanonicalJson.write(Orders.valid("SEED"));
        Timestamp now = Timestamp.from(clock.instant());
        List<Object[]> rows = new ArrayList<>();
        for (String id : ids) {
            rows.add(new Object[] {"SEED-" + id, payload, id, now, now});
            if (rows.size() == 1000) {
                insert(rows);
            }
        }
        insert(rows);
        return ids;
    }

    private void insert(List<Object[]> rows) {
        new JdbcTemplate(dataSource).batchUpdate("INSERT INTO spot_order (source_system, source_order_id, mrn, "
                + "payload_hash, payload, spot_order_id, status, attempts, created_at, updated_at) VALUES ('EPIC-TEST', "
                + "?, 'MRN-SEED', 'seed', ?, ?, 'SUBMITTED', 1, ?, ?)", rows);
        rows.clear();
    }

    /** Marks every queued ORU delivered, as the EHR's ACK would. */
    public void deliverAll() {
        deliveries.list(DeliveryStatus.PENDING, 100_000).forEach(d -> deliveries.delivered(d.id(), "AA", null));
    }

    /** Spot calls by kind since the last reset: list pages and retrieves. */
    public long listCalls() {
        return sim.callCounts().getOrDefault("GET /api/v2/orders/", 0L);
    }

    public long retrieveCalls() {
        return sim.callCounts().getOrDefault("GET /api/v2/orders/{id}/", 0L);
    }

    @Override
    public void close() {
        routes.stop();
        spotRoutes.close();
        sim.close();
        dataSource.close();
    }
}
