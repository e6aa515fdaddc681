package io.spotlink.shutdown;

import com.zaxxer.hikari.HikariDataSource;
import io.spotlink.SpotlinkCli;
import io.spotlink.demo.MllpEhrListener;
import io.spotlink.intake.SpotOrderMapper;
import io.spotlink.ledger.LedgerDatabase;
import io.spotlink.sim.SpotSimulator;
import io.spotlink.spot.SpotJson;
import io.spotlink.support.ChildJvm;
import io.spotlink.support.FreePort;
import io.spotlink.support.Orders;
import io.spotlink.support.Simulators;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 15, clean shutdown: the bundle runs in a child JVM with a backlog of ORUs for a real MLLP listener and an
 * HTTP sender posting orders one after the other, and gets SIGTERM in the middle of both. It must stop within its
 * grace period, leave no delivery SENDING, record every ORU the EHR acknowledged, and log no "Database is already
 * closed". Restarted on the same ledger (and the sender resending what got no answer, as a hospital does), the EHR
 * ends with every ORU exactly once (by MSH-10 and by delivery) and Spot with exactly one order per order sent.
 */
class GracefulShutdownTest {

    private static final int BACKLOG = 1500;
    private static final Duration BOUND = Duration.ofSeconds(120);
    /** The shipped grace period (20 s) plus the JVM's own exit, on a loaded machine. */
    private static final Duration STOPS_WITHIN = ShutdownBeans.DEFAULT_GRACE_PERIOD.plusSeconds(25);
    private static final String ORU = "MSH|^~\\&|SPOTLINK|SPOT|EHR|HOSPITAL|20260101000000||ORU^R01^ORU_R01|X|P|2.5.1\r"
            + "PID|1||PK-1^^^HOSP^MR||TEST^PATIENT\rOBR|1||F-1|TEST^Test^L\rOBX|1|ST|CODE^Code^L||value||||||F\r";

    @TempDir
    Path dir;
    private SpotSimulator sim;
    private MllpEhrListener ehr;
    private final List<ChildJvm> children = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @AfterEach
    void stopAll() throws Exception {
        for (ChildJvm child : children) {
            child.close();
        }
        if (sim != null) {
            sim.close();
        }
        if (ehr != null) {
            ehr.close();
        }
    }

    @Test
    void sigtermDuringADeliveryBacklogAndIntakeLosesNothingAndSendsNothingTwice() throws Exception {
        sim = Simulators.start("sim.seed", Long.toString(System.nanoTime()));
        ehr = MllpEhrListener.start(0);
        String ledger = "jdbc:h2:file:" + dir.resolve("ledger");
        Map<Long, String> backlog = queueBacklog(ledger);

        int port = FreePort.find();
        ChildJvm first = startBundle(ledger, port, "first");
        OrderSender sender = new OrderSender(port);
        Thread sending = new Thread(sender, "order-sender");
        sending.start();
        try {
            await("deliveries and intake under way").atMost(BOUND).until(() -> ehr.received().size() >= 50
                    && sender.accepted() >= 3);
        } catch (AssertionError e) {
            System.out.println("---- first bundle\n" + first.output());
            throw e;
        }

        Instant sigterm = Instant.now();
        first.terminate(BOUND);
        Duration stopped = Duration.between(sigterm, Instant.now());
        sender.stop();
        sending.join(BOUND.toMillis());
        String firstLog = first.output();
        assertThat(firstLog).as("shutdown log").contains("Stopping: intake first")
                .doesNotContain("Database is already closed")
                .doesNotContain("Timeout occurred during graceful shutdown");
        assertThat(stopped).as("stopped within the grace period").isLessThan(STOPS_WITHIN);

        Map<String, Long> afterFirst = statuses(ledger);
        assertThat(afterFirst).as("no delivery left SENDING").doesNotContainKey("SENDING");
        List<Long> receivedFirst = deliveryIds(ehr.received());
        assertThat(receivedFirst).doesNotHaveDuplicates();
        assertThat(afterFirst.getOrDefault("DELIVERED", 0L)).as("every ORU the EHR took is recorded delivered")
                .isEqualTo(receivedFirst.size());
        assertThat(afterFirst.getOrDefault("PENDING", 0L)).as("the rest waits, none lost")
                .isEqualTo(BACKLOG - receivedFirst.size());

        int secondPort = FreePort.find();
        ChildJvm second = startBundle(ledger, secondPort, "second");
        sender.resendUnanswered(secondPort);
        try {
            await("the backlog drains after the restart").atMost(BOUND)
                    .until(() -> ehr.received().size() >= BACKLOG);
        } catch (AssertionError e) {
            System.out.println("---- second bundle\n" + second.output());
            throw e;
        }
        second.terminate(BOUND);
        assertThat(second.output()).doesNotContain("Database is already closed");

        List<String> msh10s = ehr.received().stream().map(GracefulShutdownTest::controlId).toList();
        assertThat(msh10s).as("no MSH-10 twice at the EHR").doesNotHaveDuplicates().hasSize(BACKLOG);
        assertThat(deliveryIds(ehr.received())).as("every queued ORU once").doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(backlog.keySet());
        assertThat(statuses(ledger)).containsExactly(Map.entry("DELIVERED", (long) BACKLOG));
        assertPatientOrder(backlog, deliveryIds(ehr.received()));

        assertThat(sender.sent()).isNotEmpty();
        for (String orderId : sender.sent()) {
            assertThat(sim.orderIdsWithMetadata(SpotOrderMapper.META_SOURCE_ORDER_ID, orderId))
                    .as("order %s: exactly one Spot order", orderId).hasSize(1);
        }
    }

    /** BACKLOG PENDING ORUs for the MLLP destination, three per patient; delivery id to patient. */
    private Map<Long, String> queueBacklog(String ledger) throws Exception {
        try (HikariDataSource ds = LedgerDatabase.open(ledger, "sa", "", 2); Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            Timestamp now = Timestamp.from(Instant.now());
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO oru_delivery (report_id, result_status, "
                    + "spot_order_id, kit_id, patient_key, destination, status, created_at, next_attempt_at) "
                    + "VALUES (?, 'F', ?, ?, ?, 'mllp', 'PENDING', ?, ?)")) {
                for (int i = 0; i < BACKLOG; i++) {
                    insert.setString(1, "R-" + i);
                    insert.setString(2, "SO-" + i);
                    insert.setString(3, "K-" + i);
                    insert.setString(4, "P-" + (i % (BACKLOG / 3)));
                    insert.setTimestamp(5, now);
                    insert.setTimestamp(6, now);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            try (PreparedStatement messages = c.prepareStatement("INSERT INTO oru_message (delivery_id, message) "
                    + "SELECT id, ? FROM oru_delivery")) {
                messages.setString(1, ORU);
                messages.executeUpdate();
            }
            c.commit();
            Map<Long, String> patients = new HashMap<>();
            try (ResultSet rs = c.createStatement().executeQuery("SELECT id, patient_key FROM oru_delivery")) {
                while (rs.next()) {
                    patients.put(rs.getLong(1), rs.getString(2));
                }
            }
            return patients;
        }
    }

    private static Map<String, Long> statuses(String ledger) throws Exception {
        try (HikariDataSource ds = LedgerDatabase.open(ledger, "sa", "", 2); Connection c = ds.getConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT status, COUNT(*) FROM oru_delivery GROUP BY status")) {
            Map<String, Long> counts = new HashMap<>();
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
            return counts;
        }
    }

    private static void assertPatientOrder(Map<Long, String> patients, List<Long> arrival) {
        Map<String, List<Long>> byPatient = arrival.stream().collect(Collectors.groupingBy(patients::get,
                Collectors.toList()));
        byPatient.forEach((patient, ids) -> assertThat(ids).as("patient %s in order", patient).isSorted());
    }

    private static String controlId(String message) {
        String msh = message.substring(0, message.indexOf('\r'));
        return msh.split("\\|", -1)[9];
    }

    /** Delivery id of each message: MSH-10 is SL<delivery id>-<send>. */
    private static List<Long> deliveryIds(List<String> messages) {
        return messages.stream().map(GracefulShutdownTest::controlId)
                .map(id -> Long.parseLong(id.substring(2, id.indexOf('-')))).toList();
    }

    private ChildJvm startBundle(String ledger, int port, String name) {
        Map<String, String> env = new HashMap<>();
        env.put("CAMEL_SERVER_HOST", "127.0.0.1");
        env.put("CAMEL_SERVER_PORT", Integer.toString(port));
        env.put("SPOT_API_BASE_URL", sim.baseUrl());
        env.put("SPOT_API_KEY", Simulators.API_KEY);
        env.put("SPOTLINK_AUTH_ENABLED", "false");
        env.put("SPOTLINK_LEDGER_URL", ledger);
        env.put("SPOTLINK_LEDGER_USERNAME", "sa");
        env.put("SPOTLINK_LEDGER_PASSWORD", "");
        env.put("SPOTLINK_JMS_EMBEDDED_PORT", Integer.toString(FreePort.find()));
        env.put("SPOTLINK_JMS_EMBEDDED_DATA_DIR", dir.resolve("artemis").toString());
        env.put("SPOTLINK_INTAKE_FILE_ENABLED", "false");
        env.put("SPOTLINK_INTAKE_MLLP_ENABLED", "false");
        env.put("SPOTLINK_RESULTS_POLL_ENABLED", "false");
        env.put("SPOTLINK_DELIVER_FILE_ENABLED", "false");
        env.put("SPOTLINK_DELIVER_MLLP_ENABLED", "true");
        env.put("SPOTLINK_DELIVER_MLLP_HOST", "127.0.0.1");
        env.put("SPOTLINK_DELIVER_MLLP_PORT", Integer.toString(ehr.port()));
        env.put("SPOTLINK_CLUSTER_FILE_ROOT", dir.resolve("cluster").toString());
        env.put("SPOTLINK_INTAKE_REJECTED_DIRECTORY", dir.resolve("rejected").toString());
        ChildJvm child = ChildJvm.start(SpotlinkCli.class, List.of("run"), env, dir.resolve(name + ".log"));
        children.add(child);
        try {
            await(name + " bundle is ready").atMost(BOUND).pollInterval(Duration.ofMillis(200))
                    .until(() -> !child.isAlive() || status(port, "/observe/health/ready") == 200);
        } catch (AssertionError e) {
            System.out.println("---- child JVM output (" + name + ")\n" + child.output());
            throw e;
        }
        assertThat(child.isAlive()).as(name + " bundle started; output:\n%s", child.output()).isTrue();
        return child;
    }

    private int status(int port, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception notYet) {
            return -1;
        }
    }

    /**
     * A hospital system posting orders one after the other; each order's answer (0: none, the connection failed).
     * What got no 2xx is sent again after the restart, until it does.
     */
    private final class OrderSender implements Runnable {

        private final int port;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Map<String, Integer> answers = new ConcurrentHashMap<>();

        OrderSender(int port) {
            this.port = port;
        }

        @Override
        public void run() {
            for (int i = 0; running.get(); i++) {
                String orderId = "TERM-" + i;
                int answer = post(port, orderId);
                answers.put(orderId, answer);
                if (answer / 100 != 2 && accepted() >= 3) {
                    // the bundle refuses (intake closed or closing): a hospital system stops and resends later,
                    // rather than piling up thousands of refused orders while the bundle shuts down
                    return;
                }
            }
        }

        void stop() {
            running.set(false);
        }

        long accepted() {
            return answers.values().stream().filter(code -> code / 100 == 2).count();
        }

        List<String> sent() {
            return List.copyOf(answers.keySet());
        }

        void resendUnanswered(int newPort) {
            List<String> unanswered = answers.entrySet().stream().filter(e -> e.getValue() / 100 != 2)
                    .map(Map.Entry::getKey).toList();
            for (String orderId : unanswered) {
                await("order " + orderId + " accepted after the restart").atMost(BOUND)
                        .pollInterval(Duration.ofMillis(250)).until(() -> post(newPort, orderId) / 100 == 2);
            }
        }

        private int post(int to, String orderId) {
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + to + "/orders"))
                        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(SpotJson.mapper().writeValueAsString(
                                Orders.valid(orderId)))).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (Exception noAnswer) {
                return 0;
            }
        }
    }
}
