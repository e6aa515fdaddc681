package io.spotlink.intake.files;

import com.fasterxml.jackson.databind.JsonNode;
import io.spotlink.sim.SpotSimulator;
import io.spotlink.spot.SpotJson;
import io.spotlink.support.BundleProcess;
import io.spotlink.support.RunningBundle;
import io.spotlink.support.Simulators;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Issue 16, order files at hospital scale: rows submitted in parallel, and a real crash mid-file. */
class OrderFileScaleTest {

    private static final String CSV_HEADER = "order_id,test_codes,first_name,last_name,email,phone,street1,city,state,"
            + "country,zip,mrn,dob,sex\n";

    @TempDir
    Path dir;
    private SpotSimulator sim;
    private Path inbox;

    @BeforeEach
    void start() throws Exception {
        sim = Simulators.start();
        inbox = Files.createDirectories(dir.resolve("inbox"));
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    /** Each row has its own e-mail, so the simulator's order list shows which rows it created, and how often. */
    private static String csv(String prefix, int rows) {
        return CSV_HEADER + IntStream.rangeClosed(1, rows).mapToObj(i -> prefix + "-" + i + ",LIPID,Zerelda,"
                + "Quigglesworth," + prefix.toLowerCase() + "-" + i + "@example.org,4155550187,742 Evergreen Terrace,"
                + "San Francisco,CA,US,94105,MRN-" + i + ",1984-07-19,F\n").collect(Collectors.joining());
    }

    private void drop(String name, String content) throws Exception {
        Files.writeString(inbox.resolve(name + ".tmp"), content);
        Files.move(inbox.resolve(name + ".tmp"), inbox.resolve(name));
    }

    /** How many Spot orders the simulator holds for each recipient e-mail. */
    private Map<String, Integer> ordersPerEmail() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Map<String, Integer> counts = new HashMap<>();
        for (int offset = 0; ; offset += 100) {
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl()
                    + "/api/v2/orders/?results=100&offset=" + offset)).header("Authorization", "Token "
                    + Simulators.API_KEY).GET().build(), HttpResponse.BodyHandlers.ofString());
            JsonNode orders = SpotJson.mapper().readTree(page.body());
            orders.forEach(o -> counts.merge(o.path("recipient").path("email").asText(), 1, Integer::sum));
            if (orders.size() < 100) {
                return counts;
            }
        }
    }

    @Test
    void theRowsOfAFileAreSubmittedInParallelAndAcknowledgedInTheFilesOrder() throws Exception {
        sim.faults().setLatency(Duration.ofMillis(200));
        try (RunningBundle bundle = RunningBundle.start(dir, sim.baseUrl(), Simulators.API_KEY, Map.of(
                "spotlink.results.poll-enabled", "false", "spotlink.intake.files.concurrency", "8"))) {
            long started = System.nanoTime();
            drop("parallel.csv", csv("PAR", 80));
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(inbox.resolve(".done/parallel.csv")));
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            // One at a time, 80 creates at 200 ms each take at least 16 s.
            assertThat(took).isLessThan(Duration.ofSeconds(12));
            JsonNode ack = SpotJson.mapper().readTree(Files.readString(inbox.resolve(".ack/parallel.csv.ack.json")));
            List<Integer> rows = new ArrayList<>();
            ack.path("orders").forEach(o -> rows.add(o.path("row").asInt()));
            assertThat(rows).containsExactlyElementsOf(IntStream.rangeClosed(2, 81).boxed().toList());
            assertThat(ack.path("summary").path("created").asInt()).isEqualTo(80);
            assertThat(sim.orderCount()).isEqualTo(80);
        }
    }

    @Test
    void aBundleKilledMidFileResumesItAfterRestartAndCreatesEveryRowOnce() throws Exception {
        int rows = 120;
        sim.faults().setLatency(Duration.ofMillis(60));
        Map<String, String> settings = Map.of("spotlink.results.poll-enabled", "false",
                "spotlink.intake.retry.enabled", "false",
                "spotlink.intake.files.concurrency", "2",
                "spotlink.intake.duplicate-wait", "10s",
                // The killed instance's claims are taken over once its heartbeat is this old.
                "spotlink.intake.recovery.owner-timeout", "2s",
                "spotlink.intake.recovery.heartbeat-interval", "1s",
                // H2 delays commits by 500 ms by default: a SIGKILL would lose claims it had acknowledged.
                "spotlink.ledger.url", "jdbc:h2:file:" + dir.resolve("ledger") + ";WRITE_DELAY=0");
        Process child = BundleProcess.start(dir, sim.baseUrl(), Simulators.API_KEY, settings,
                dir.resolve("child.log"));
        try {
            drop("crash.csv", csv("CR", rows));
            await().atMost(Duration.ofSeconds(90)).until(() -> sim.orderCount() >= rows / 2);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("the child bundle did not get going: " + Files.readString(dir.resolve("child.log"))
                    .lines().filter(l -> l.contains("ERROR") || l.contains("Exception")).limit(20).toList(), e);
        } finally {
            child.destroyForcibly().waitFor();
        }
        int atKill = sim.orderCount();
        assertThat(atKill).as("killed mid-file").isLessThan(rows);
        assertThat(inbox.resolve("crash.csv")).as("not marked read at pick-up").exists();

        try (RunningBundle restarted = RunningBundle.start(dir, sim.baseUrl(), Simulators.API_KEY, settings)) {
            await().atMost(Duration.ofSeconds(90)).until(() -> !Files.exists(inbox.resolve("crash.csv")));
            Map<String, Integer> perEmail = ordersPerEmail();
            assertThat(perEmail.values()).as("no row created twice").allMatch(n -> n == 1);
            JsonNode ack = SpotJson.mapper().readTree(Files.readString(
                    FileOrderIntakeTest.find(inbox.resolve(".ack"), "crash.*\\.ack\\.json")));
            int created = ack.path("summary").path("created").asInt();
            int existing = ack.path("summary").path("existing").asInt();
            assertThat(existing).as("rows created before the kill come back as existing")
                    .isGreaterThanOrEqualTo(atKill - 2);
            assertThat(created + existing).as("every row has its outcome").isEqualTo(rows);
            assertThat(perEmail).as("every row created once").hasSize(rows);
            assertThat(sim.orderCount()).isEqualTo(rows);
            assertThat(FileOrderIntakeTest.find(inbox.resolve(".done"), "crash.*\\.csv")).isNotNull();
        }
    }
}
