package io.spotlink.intake.files;

import com.fasterxml.jackson.databind.JsonNode;
import io.spotlink.intake.SpotOrderMapper;
import io.spotlink.sim.SpotSimulator;
import io.spotlink.spot.SpotJson;
import io.spotlink.support.BundleProcess;
import io.spotlink.support.RunningBundle;
import io.spotlink.support.SftpTestServer;
import io.spotlink.support.Simulators;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 16: a bundle SIGKILLed at the start, the middle or the end of an order file (on H2 and PostgreSQL, from a
 * local folder and from SFTP), then restarted on the same ledger, finishes the file: every row created exactly once
 * at Spot, and one ack that records every row once. The kill is placed with the simulator's holds, which stop the
 * creates from a given one on: before Spot creates the order (start), or after it did but before it answers (the
 * middle, and the end: the last row created, its answer and so the ack not yet there). And an operator who moves the
 * stuck file out and back in after the restart creates nothing twice.
 */
class OrderFileKillTest {

    private static final int ROWS = 30;
    private static final int CONCURRENCY = 4;
    private static final Duration HOLD = Duration.ofMinutes(5);
    private static final Duration BOUND = Duration.ofSeconds(120);
    private static final String FILE = "orders.csv";
    private static final String CSV_HEADER = "order_id,test_codes,first_name,last_name,email,phone,street1,city,state,"
            + "country,zip,mrn,dob,sex\n";

    private static EmbeddedPostgres postgres;

    @TempDir
    Path dir;
    private SpotSimulator sim;
    private final List<AutoCloseable> running = new ArrayList<>();

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        postgres.close();
    }

    @BeforeEach
    void startSimulator() {
        sim = Simulators.start("sim.seed", Long.toString(System.nanoTime()));
    }

    @AfterEach
    void stopAll() throws Exception {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
        sim.close();
    }

    enum Store { H2, POSTGRES }

    enum Channel { FILE, SFTP }

    /** Where the kill falls, how the simulator's holds put it there, and what Spot has seen by then. */
    enum KillPoint {
        /** The first creates reached Spot and are held before it creates anything. */
        START(1, false, CONCURRENCY, 0, 0),
        /** Half the rows are done; the next ones are created at Spot but their answers are held. */
        MIDDLE(ROWS / 2 + 1, true, ROWS / 2 + CONCURRENCY, ROWS / 2 + CONCURRENCY, ROWS / 2 - CONCURRENCY),
        /** Every row is created at Spot; the last one's answer, and so the ack and the move to .done, are held. */
        END(ROWS, true, ROWS, ROWS, ROWS - CONCURRENCY);

        final int holdFrom;
        final boolean afterCreate;
        final int received;
        final int createdAtKill;
        /** Rows surely answered before the kill (up to CONCURRENCY may still be in flight): SUBMITTED in the ledger. */
        final int answeredAtKill;

        KillPoint(int holdFrom, boolean afterCreate, int received, int createdAtKill, int answeredAtKill) {
            this.holdFrom = holdFrom;
            this.afterCreate = afterCreate;
            this.received = received;
            this.createdAtKill = createdAtKill;
            this.answeredAtKill = answeredAtKill;
        }
    }

    static Stream<Arguments> killCases() {
        List<Arguments> cases = new ArrayList<>();
        for (Store store : Store.values()) {
            for (KillPoint point : KillPoint.values()) {
                cases.add(Arguments.of(store, point, Channel.FILE));
            }
        }
        cases.add(Arguments.of(Store.H2, KillPoint.MIDDLE, Channel.SFTP));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}, killed at the {1} of a {2} order file")
    @MethodSource("killCases")
    void aBundleKilledInAFileFinishesItAfterRestartWithEveryRowCreatedOnce(Store store, KillPoint point,
                                                                         Channel channel) throws Exception {
        Map<String, String> settings = settings(store, channel);
        Path inbox = inbox(channel);
        killAt(point, settings, inbox);
        assertThat(inbox.resolve(FILE)).as("the killed file is still in its folder").exists();

        start(settings);
        await("the restart finishes the file").atMost(BOUND).until(() -> Files.exists(inbox.resolve(".done/" + FILE)));
        JsonNode ack = SpotJson.mapper().readTree(Files.readString(inbox.resolve(".ack/" + FILE + ".ack.json")));
        assertEveryRowCreatedOnceAndAcknowledgedOnce(ack);
        assertThat(ack.path("summary").path("existing").asInt())
                .as("the rows answered before the kill are acknowledged as already submitted")
                .isGreaterThanOrEqualTo(point.answeredAtKill);
        assertThat(inbox.resolve(".error")).as("no row failed").doesNotExist();
    }

    /**
     * The recovery by hand: the stuck file is moved out, the bundle restarted, and the file moved back in.
     * Then the finished file is dropped once more. Nothing is created twice, and both acks say what was there before.
     */
    @Test
    void anOperatorWhoMovesTheStuckFileOutAndBackInAfterTheRestartCreatesNothingTwice() throws Exception {
        Map<String, String> settings = settings(Store.H2, Channel.FILE);
        Path inbox = inbox(Channel.FILE);
        killAt(KillPoint.MIDDLE, settings, inbox);
        Path aside = Files.createDirectories(dir.resolve("aside"));
        Files.move(inbox.resolve(FILE), aside.resolve(FILE));

        start(settings);
        Files.move(aside.resolve(FILE), inbox.resolve(FILE));
        await("the re-dropped file is finished").atMost(BOUND)
                .until(() -> Files.exists(inbox.resolve(".done/" + FILE)));
        JsonNode ack = SpotJson.mapper().readTree(Files.readString(inbox.resolve(".ack/" + FILE + ".ack.json")));
        assertEveryRowCreatedOnceAndAcknowledgedOnce(ack);
        assertThat(ack.path("summary").path("existing").asInt())
                .isGreaterThanOrEqualTo(KillPoint.MIDDLE.answeredAtKill);
        assertThat(ack.path("summary").path("message").asText()).contains("already submitted");

        // The finished file, dropped again: all of it already submitted, said so in a second ack beside the first.
        Files.move(inbox.resolve(".done/" + FILE), inbox.resolve(FILE));
        await("the second drop is finished").atMost(BOUND).until(() -> !Files.exists(inbox.resolve(FILE))
                && acks(inbox).size() == 2);
        Path second = acks(inbox).stream().filter(p -> !p.getFileName().toString().equals(FILE + ".ack.json"))
                .findFirst().orElseThrow();
        JsonNode again = SpotJson.mapper().readTree(Files.readString(second));
        assertThat(again.path("summary").path("message").asText()).isEqualTo(ROWS + " of " + ROWS
                + " already submitted (a re-drop: nothing new was created)");
        assertThat(sim.orderCount()).as("nothing created by the re-drops").isEqualTo(ROWS);
        assertThat(SpotJson.mapper().readTree(Files.readString(inbox.resolve(".ack/" + FILE + ".ack.json")))
                .path("summary")).as("the first ack is kept as it was").isEqualTo(ack.path("summary"));
    }

    /**
     * Starts the bundle in a child JVM with the holds set at {@code point}, drops the file, waits until Spot has
     * seen exactly what the point says (the file's thread is then stuck on the held creates), and SIGKILLs it. The
     * held creates are then let go the way a dead client's would: one held before creating never happened, one held
     * after keeps its order.
     */
    private void killAt(KillPoint point, Map<String, String> settings, Path inbox) throws Exception {
        sim.faults().setHoldFrom(point.holdFrom);
        if (point.afterCreate) {
            sim.faults().setCreateDelayAfter(HOLD);
        } else {
            sim.faults().setCreateDelayBefore(HOLD);
        }
        Path log = dir.resolve("killed-bundle.log");
        Process child = BundleProcess.start(dir, sim.baseUrl(), Simulators.API_KEY, settings, log);
        try {
            Files.writeString(inbox.resolve(FILE + ".tmp"), csv(ROWS));
            Files.move(inbox.resolve(FILE + ".tmp"), inbox.resolve(FILE));
            await("Spot holds the creates at the " + point).atMost(BOUND).until(() -> !child.isAlive()
                    || sim.createsReceived() >= point.holdFrom && sim.createsReceived() <= point.received
                    && sim.orderCount() == (point.afterCreate ? sim.createsReceived() : point.holdFrom - 1));
            assertThat(child.isAlive()).as("the bundle is running").isTrue();
        } catch (AssertionError | org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("the child bundle did not reach the " + point + ": received "
                    + sim.createsReceived() + ", created " + sim.orderCount() + "; its errors: "
                    + Files.readString(log).lines().filter(l -> l.contains("ERROR") || l.contains("Exception"))
                    .limit(20).toList(), e);
        } finally {
            child.destroyForcibly().waitFor();
        }
        int createdAtKill = sim.orderCount();
        sim.faults().setCreateDelayBefore(Duration.ZERO);
        sim.faults().setCreateDelayAfter(Duration.ZERO);
        sim.faults().setHoldFrom(1);
        sim.faults().dropHeldCreates();
        assertThat(sim.orderCount()).as("Spot's orders at the kill").isEqualTo(createdAtKill);
        assertThat(inbox.resolve(".ack")).as("no ack before the kill").doesNotExist();
    }

    private void assertEveryRowCreatedOnceAndAcknowledgedOnce(JsonNode ack) {
        List<Integer> rows = new ArrayList<>();
        Map<String, String> spotIds = new HashMap<>();
        ack.path("orders").forEach(o -> {
            rows.add(o.path("row").asInt());
            spotIds.put(o.path("source_order_id").asText(), o.path("spot_order_id").asText());
        });
        assertThat(rows).as("every row once, in the file's order").containsExactlyElementsOf(
                IntStream.rangeClosed(2, ROWS + 1).boxed().toList());
        JsonNode summary = ack.path("summary");
        assertThat(summary.path("created").asInt() + summary.path("existing").asInt()).isEqualTo(ROWS);
        assertThat(summary.path("not_accepted").asInt()).isZero();
        assertThat(sim.orderCount()).as("Spot's orders").isEqualTo(ROWS);
        for (int i = 1; i <= ROWS; i++) {
            String id = "KILL-" + i;
            assertThat(sim.orderIdsWithMetadata(SpotOrderMapper.META_SOURCE_ORDER_ID, id))
                    .as("the one Spot order of %s, the one its ack names", id).containsExactly(spotIds.get(id));
        }
    }

    private Map<String, String> settings(Store store, Channel channel) throws Exception {
        Map<String, String> settings = new HashMap<>(Map.of(
                "spotlink.results.poll-enabled", "false",
                "spotlink.intake.retry.enabled", "false",
                "spotlink.intake.mllp.enabled", "false",
                "spotlink.intake.files.concurrency", Integer.toString(CONCURRENCY),
                "spotlink.intake.duplicate-wait", "30s",
                // A held create must not be resent while the test waits to kill the bundle.
                "spot.api.response-timeout", "10m",
                // The killed instance's claims are taken over once its heartbeat is this old.
                "spotlink.intake.recovery.interval", "500ms",
                "spotlink.intake.recovery.owner-timeout", "2s",
                "spotlink.intake.recovery.heartbeat-interval", "500ms"));
        if (store == Store.H2) {
            // H2 delays commits by 500 ms by default: a SIGKILL would lose claims it had acknowledged.
            settings.put("spotlink.ledger.url", "jdbc:h2:file:" + dir.resolve("ledger") + ";WRITE_DELAY=0");
        } else {
            String database = "kill_" + Long.toHexString(System.nanoTime());
            try (Connection c = postgres.getPostgresDatabase().getConnection()) {
                c.createStatement().execute("CREATE DATABASE " + database);
            }
            settings.put("spotlink.ledger.url", postgres.getJdbcUrl("postgres", database));
            settings.put("spotlink.ledger.username", "postgres");
            settings.put("spotlink.ledger.password", "postgres");
        }
        if (channel == Channel.SFTP) {
            SftpTestServer sftp = SftpTestServer.start(dir, "hospital", "sftp-pw-1");
            running.add(sftp);
            settings.put("spotlink.intake.file.enabled", "false");
            settings.put("spotlink.intake.sftp.enabled", "true");
            settings.put("spotlink.intake.sftp.port", Integer.toString(sftp.port()));
            settings.put("spotlink.intake.sftp.username", "hospital");
            settings.put("spotlink.intake.sftp.password", "sftp-pw-1");
            settings.put("spotlink.intake.sftp.known-hosts-file", sftp.knownHosts().toString());
        }
        return settings;
    }

    /** The folder the hospital drops into: the local inbox, or the SFTP server's orders folder. */
    private Path inbox(Channel channel) throws Exception {
        Path root = channel == Channel.SFTP ? dir.resolve("sftp-root") : dir;
        return Files.createDirectories(root.resolve(channel == Channel.SFTP ? "orders" : "inbox"));
    }

    private void start(Map<String, String> settings) throws Exception {
        running.add(RunningBundle.start(dir, sim.baseUrl(), Simulators.API_KEY, settings));
    }

    private static List<Path> acks(Path inbox) throws Exception {
        try (Stream<Path> files = Files.list(inbox.resolve(".ack"))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".ack.json")).toList();
        }
    }

    private static String csv(int rows) {
        return CSV_HEADER + IntStream.rangeClosed(1, rows).mapToObj(i -> "KILL-" + i + ",LIPID,Zerelda,"
                + "Quigglesworth,kill-" + i + "@example.org,4155550187,742 Evergreen Terrace,San Francisco,CA,US,"
                + "94105,MRN-" + i + ",1984-07-19,F\n").collect(Collectors.joining());
    }
}
