package io.spotlink.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import io.spotlink.SpotlinkCli;
import io.spotlink.ledger.LedgerDatabase;
import io.spotlink.ledger.LedgerStatus;
import io.spotlink.ledger.OrderLedger;
import io.spotlink.ledger.OrderRecord;
import io.spotlink.sim.SpotSimulator;
import io.spotlink.spot.SpotJson;
import io.spotlink.support.ChildJvm;
import io.spotlink.support.FreePort;
import io.spotlink.support.Orders;
import io.spotlink.support.Simulators;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Crash recovery with no sender: the bundle runs in a child JVM, receives one order over HTTP and is SIGKILLed
 * while the order is in flight, at two points (the simulator holds the create before creating the order, or after
 * creating it but before answering). Restarted on the same ledger, and sent nothing more, it must end with exactly
 * one Spot order for that source order id and the ledger row SUBMITTED with its id. On H2 and on PostgreSQL.
 */
class CrashRecoveryTest {

    private static final Duration OWNER_TIMEOUT = Duration.ofSeconds(4);
    private static final Duration BOUND = Duration.ofSeconds(60);

    private static EmbeddedPostgres postgres;

    @TempDir
    Path dir;
    private SpotSimulator sim;
    private final List<ChildJvm> children = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private String testName;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    @BeforeEach
    void startSimulator(TestInfo info) {
        // A seed of its own: the PostgreSQL ledger is shared by the tests, and Spot order ids must not repeat in it.
        sim = Simulators.start("sim.seed", Long.toString(System.nanoTime()));
        testName = info.getDisplayName();
    }

    @AfterEach
    void stopAll() throws Exception {
        for (ChildJvm child : children) {
            child.close();
        }
        sim.close();
    }

    private enum KillPoint { BEFORE_SPOT_CREATES, AFTER_SPOT_CREATED }

    private record Ledger(String url, String username, String password) {
    }

    private Ledger h2() {
        return new Ledger("jdbc:h2:file:" + dir.resolve("ledger"), "sa", "");
    }

    /**
     * A database of its own on the shared server: an order one test leaves SUBMITTING (its instance killed) must not
     * be recovered, and sent to the simulator, by the next test's bundle.
     */
    private static Ledger postgres() throws java.sql.SQLException {
        String database = "crash_" + UUID.randomUUID().toString().replace("-", "");
        try (var connection = postgres.getPostgresDatabase().getConnection();
             var statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
        return new Ledger(postgres.getJdbcUrl("postgres", database), "postgres", "postgres");
    }

    @Test
    void h2KillBetweenTheClaimAndTheSpotCall() throws Exception {
        killMidSubmitAndRestart(h2(), KillPoint.BEFORE_SPOT_CREATES);
    }

    @Test
    void h2KillBetweenTheSpotCallAndTheLedgerUpdate() throws Exception {
        killMidSubmitAndRestart(h2(), KillPoint.AFTER_SPOT_CREATED);
    }

    @Test
    void postgresKillBetweenTheClaimAndTheSpotCall() throws Exception {
        killMidSubmitAndRestart(postgres(), KillPoint.BEFORE_SPOT_CREATES);
    }

    @Test
    void postgresKillBetweenTheSpotCallAndTheLedgerUpdate() throws Exception {
        killMidSubmitAndRestart(postgres(), KillPoint.AFTER_SPOT_CREATED);
    }

    private void killMidSubmitAndRestart(Ledger ledger, KillPoint point) throws Exception {
        String orderId = "KILL-" + UUID.randomUUID();
        if (point == KillPoint.BEFORE_SPOT_CREATES) {
            sim.faults().setCreateDelayBefore(Duration.ofMinutes(5));
        } else {
            sim.faults().setCreateDelayAfter(Duration.ofMinutes(5));
        }
        int firstPort = FreePort.find();
        ChildJvm first = startBundle(ledger, firstPort, "first", Map.of());
        postOrderWithoutWaiting(firstPort, orderId);
        if (point == KillPoint.BEFORE_SPOT_CREATES) {
            await("the create reaches the simulator").atMost(BOUND).until(() -> sim.createsReceived() == 1);
        } else {
            await("the simulator creates the order").atMost(BOUND).until(() -> spotOrders(orderId).size() == 1);
        }
        first.kill();
        // What the killed process had sent is gone with it: a held create never happened, a created one stays.
        sim.faults().setCreateDelayBefore(Duration.ZERO);
        sim.faults().setCreateDelayAfter(Duration.ZERO);
        sim.faults().dropHeldCreates();
        assertThat(spotOrders(orderId)).hasSize(point == KillPoint.BEFORE_SPOT_CREATES ? 0 : 1);

        int secondPort = FreePort.find();
        startBundle(ledger, secondPort, "restarted", Map.of());
        awaitSubmittedWithTheOneSpotOrder(secondPort, orderId);
    }

    /**
     * A live instance's SUBMITTING claim is left alone by another instance's recovery, which meanwhile does take over
     * the claim of an instance that died.
     */
    @Test
    void postgresLiveInstancesClaimIsNotTakenByAnotherInstancesRecovery() throws Exception {
        Ledger ledger = postgres();
        try (HikariDataSource ds = LedgerDatabase.open(ledger.url(), ledger.username(), ledger.password(), 2)) {
            // The live instance (its own recovery off, so only the other one's is at work) holds its claim while
            // the simulator keeps its create waiting.
            sim.faults().setCreateDelayBefore(Duration.ofMinutes(5));
            String liveId = "LIVE-" + UUID.randomUUID();
            int livePort = FreePort.find();
            startBundle(ledger, livePort, "live", Map.of("SPOTLINK_INTAKE_RECOVERY_ENABLED", "false"));
            postOrderWithoutWaiting(livePort, liveId);
            await("the live instance's create is held").atMost(BOUND).until(() -> sim.createsReceived() == 1);
            sim.faults().setCreateDelayBefore(Duration.ZERO); // later creates go through
            OrderLedger reader = new OrderLedger(ds, Clock.systemUTC(), "test-reader", OWNER_TIMEOUT);
            String liveOwner = reader.findBySource("EPIC-TEST", liveId).orElseThrow().claimedBy();

            // An order left by an instance that died (it never beat): the other instance must recover it.
            String orphanId = "ORPHAN-" + UUID.randomUUID();
            new OrderLedger(ds, Clock.systemUTC(), "dead-host/" + UUID.randomUUID(), OWNER_TIMEOUT).claim(
                    "EPIC-TEST", orphanId, null, "h", CanonicalJson.write(Orders.valid(orphanId)));

            int otherPort = FreePort.find();
            startBundle(ledger, otherPort, "other", Map.of());
            awaitSubmittedWithTheOneSpotOrder(otherPort, orphanId);

            // Several owner timeouts and many recovery cycles later, the live claim is still its owner's alone.
            await().during(OWNER_TIMEOUT.multipliedBy(3)).atMost(OWNER_TIMEOUT.multipliedBy(4)).until(() -> {
                OrderRecord live = reader.findBySource("EPIC-TEST", liveId).orElseThrow();
                return live.status() == LedgerStatus.SUBMITTING && live.attempts() == 1
                        && liveOwner.equals(live.claimedBy()) && sim.createsReceived() == 2;
            });
            assertThat(spotOrders(liveId)).isEmpty();
        }
    }

    private void awaitSubmittedWithTheOneSpotOrder(int port, String orderId) throws Exception {
        try {
            await("recovered with no sender").atMost(BOUND).pollInterval(Duration.ofMillis(250)).until(() -> {
                JsonNode row = lookup(port, orderId);
                return row != null && "submitted".equals(row.path("status").asText());
            });
            JsonNode row = lookup(port, orderId);
            assertThat(spotOrders(orderId)).as("exactly one Spot order")
                    .containsExactly(row.path("spot_order_id").asText());
        } catch (Exception | AssertionError e) {
            children.forEach(c -> System.out.println("---- child JVM output (" + testName + ")\n" + c.output()));
            throw e;
        }
    }

    private List<String> spotOrders(String sourceOrderId) {
        return sim.orderIdsWithMetadata(SpotOrderMapper.META_SOURCE_ORDER_ID, sourceOrderId);
    }

    private ChildJvm startBundle(Ledger ledger, int port, String name, Map<String, String> extraEnv) {
        Map<String, String> env = new HashMap<>();
        env.put("CAMEL_SERVER_HOST", "127.0.0.1");
        env.put("CAMEL_SERVER_PORT", Integer.toString(port));
        env.put("SPOT_API_BASE_URL", sim.baseUrl());
        env.put("SPOT_API_KEY", Simulators.API_KEY);
        env.put("SPOTLINK_AUTH_ENABLED", "false"); // API keys have their own tests (ApiKeyAuthTest)
        env.put("SPOT_API_RETRY_INITIAL_DELAY", "20");
        env.put("SPOT_API_RETRY_MAX_DELAY", "200");
        env.put("SPOTLINK_LEDGER_URL", ledger.url());
        env.put("SPOTLINK_LEDGER_USERNAME", ledger.username());
        env.put("SPOTLINK_LEDGER_PASSWORD", ledger.password());
        env.put("SPOTLINK_INTAKE_RECOVERY_INTERVAL", "500ms");
        env.put("SPOTLINK_INTAKE_RECOVERY_OWNER_TIMEOUT", OWNER_TIMEOUT.toMillis() + "ms");
        env.put("SPOTLINK_INTAKE_RECOVERY_HEARTBEAT_INTERVAL", "500ms");
        // Orders come over HTTP; the other channels and the results loop play no part here.
        env.put("SPOTLINK_JMS_EMBEDDED_PORT", Integer.toString(FreePort.find()));
        env.put("SPOTLINK_JMS_EMBEDDED_DATA_DIR", dir.resolve(name + "-artemis").toString());
        env.put("SPOTLINK_INTAKE_FILE_ENABLED", "false");
        env.put("SPOTLINK_INTAKE_MLLP_ENABLED", "false");
        env.put("SPOTLINK_RESULTS_POLL_ENABLED", "false");
        env.put("SPOTLINK_INTAKE_RETRY_ENABLED", "false");
        env.put("SPOTLINK_DELIVER_FILE_DIRECTORY", dir.resolve("outbox").toString());
        env.put("SPOTLINK_CLUSTER_FILE_ROOT", dir.resolve("cluster").toString());
        env.putAll(extraEnv);
        ChildJvm child = ChildJvm.start(SpotlinkCli.class, List.of("run"), env, dir.resolve(name + ".log"));
        children.add(child);
        try {
            // ready, not merely listening: the HTTP server answers 404 before the routes behind it have started
            await(name + " bundle is ready").atMost(BOUND).pollInterval(Duration.ofMillis(200))
                    .until(() -> !child.isAlive() || status(port, "/observe/health/ready") == 200);
        } catch (AssertionError e) {
            System.out.println("---- child JVM output (" + testName + ", " + name + ")\n" + child.output());
            throw e;
        }
        assertThat(child.isAlive()).as(name + " bundle started; output:\n%s", child.output()).isTrue();
        return child;
    }

    private void postOrderWithoutWaiting(int port, String orderId) {
        // The answer never comes: the bundle is killed while it waits for Spot. An answer that does come at once is
        // the server's own 404 from before its POST route started: then the order is sent again, within BOUND.
        await("POST /orders reaches its route").atMost(BOUND).pollInterval(Duration.ofMillis(250))
                .until(() -> postInFlight(port, orderId));
    }

    /** True when the POST is held (waiting for Spot) or answered by the route; false on the server's early 404. */
    private boolean postInFlight(int port, String orderId) throws Exception {
        var answer = http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/orders"))
                .timeout(Duration.ofMinutes(5)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(SpotJson.mapper().writeValueAsString(
                        Orders.valid(orderId)))).build(), HttpResponse.BodyHandlers.ofString());
        try {
            return answer.get(2, java.util.concurrent.TimeUnit.SECONDS).statusCode() != 404;
        } catch (java.util.concurrent.TimeoutException heldBySpot) {
            return true;
        }
    }

    private int status(int port, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception notYet) {
            return -1;
        }
    }

    private JsonNode lookup(int port, String orderId) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/orders/" + orderId)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? SpotJson.mapper().readTree(response.body()) : null;
    }
}
