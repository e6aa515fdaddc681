package io.spotlink.intake.files;

import com.fasterxml.jackson.databind.JsonNode;
import io.spotlink.ledger.OrderLedger;
import io.spotlink.sim.SpotSimulator;
import io.spotlink.spot.SpotJson;
import io.spotlink.support.Orders;
import io.spotlink.support.RunningBundle;
import io.spotlink.support.SftpTestServer;
import io.spotlink.support.Simulators;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** order-intake-file and order-intake-sftp: JSON and CSV files, outcomes, acknowledgements, re-drops, restarts. */
class FileOrderIntakeTest {

    private static final String CSV_HEADER = "order_id,test_codes,first_name,last_name,email,phone,street1,city,state,"
            + "country,zip,mrn,dob,sex\n";

    @TempDir
    Path dir;
    private SpotSimulator sim;

    @BeforeEach
    void start() {
        sim = Simulators.start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private RunningBundle bundle(Map<String, String> extra) throws Exception {
        Map<String, String> settings = new java.util.HashMap<>(Map.of("spotlink.results.poll-enabled", "false"));
        settings.putAll(extra);
        return RunningBundle.start(dir, sim.baseUrl(), Simulators.API_KEY, settings);
    }

    private static String json(String... ids) throws Exception {
        return SpotJson.mapper().writeValueAsString(java.util.Arrays.stream(ids).map(Orders::valid).toList());
    }

    private static String csvRow(String id, String country) {
        return id + ",LIPID;VITD,Zerelda,Quigglesworth,zerelda.q@example.org,4155550187,742 Evergreen Terrace,"
                + "San Francisco,CA," + country + ",94105,MRN-" + id + ",1984-07-19,F\n";
    }

    private static void drop(Path inbox, String name, String content) throws Exception {
        Files.createDirectories(inbox);
        Path temp = inbox.resolve(".tmp-" + name);
        Files.writeString(temp, content, StandardCharsets.UTF_8);
        Files.move(temp, inbox.resolve(name));
    }

    /** The file of the folder whose name matches, or null. */
    static Path find(Path folder, String regex) throws Exception {
        if (!Files.isDirectory(folder)) {
            return null;
        }
        try (var files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().matches(regex)).findFirst().orElse(null);
        }
    }

    private static JsonNode read(Path file) throws Exception {
        return SpotJson.mapper().readTree(Files.readString(file));
    }

    @Test
    void aJsonArrayIsSubmittedAcknowledgedAndMovedToDone() throws Exception {
        try (RunningBundle bundle = bundle(Map.of())) {
            Path inbox = dir.resolve("inbox");
            drop(inbox, "batch-1.json", json("F-1", "F-2"));
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(inbox.resolve(".done/batch-1.json")));
            JsonNode ack = read(inbox.resolve(".ack/batch-1.json.ack.json"));
            assertThat(ack.path("orders")).hasSize(2);
            assertThat(ack.path("orders").get(0).path("spot_order_id").asText()).matches("O\\d{7}");
            assertThat(ack.path("orders").get(1).path("source_order_id").asText()).isEqualTo("F-2");
            assertThat(sim.orderCount()).isEqualTo(2);
            assertThat(Files.exists(inbox.resolve(".error"))).isFalse();
        }
    }

    @Test
    void aCsvWithABadRowGoesToErrorWithItsReasonsAndAFixedRedropSubmitsOnlyTheRest() throws Exception {
        try (RunningBundle bundle = bundle(Map.of())) {
            Path inbox = dir.resolve("inbox");
            drop(inbox, "orders.csv", CSV_HEADER + csvRow("C-1", "US") + csvRow("C-2", "MX"));
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(inbox.resolve(".error/orders.csv"))
                    && Files.exists(inbox.resolve(".error/orders.csv.errors.json")));
            JsonNode errors = read(inbox.resolve(".error/orders.csv.errors.json"));
            assertThat(errors.path("orders")).hasSize(1);
            assertThat(errors.path("orders").get(0).path("row").asInt()).isEqualTo(3);
            assertThat(errors.path("orders").get(0).path("source_order_id").asText()).isEqualTo("C-2");
            assertThat(errors.path("orders").get(0).path("errors").get(0).path("field").asText())
                    .isEqualTo("recipient.address.country");
            assertThat(sim.orderCount()).isEqualTo(1);
            OrderLedger ledger = bundle.bean("orderLedger", OrderLedger.class);
            assertThat(ledger.findBySource("DEFAULT", "C-1")).isPresent();

            drop(inbox, "orders.csv", CSV_HEADER + csvRow("C-1", "US") + csvRow("C-2", "US"));
            // A name seen before: the later copy and its ack get a time suffix, the first ack stays as it was.
            await().atMost(Duration.ofSeconds(30)).until(() -> find(inbox.resolve(".done"), "orders-\\d{17}\\.csv") != null);
            String archived = find(inbox.resolve(".done"), "orders-\\d{17}\\.csv").getFileName().toString();
            JsonNode ack = read(inbox.resolve(".ack/" + archived + ".ack.json"));
            assertThat(ack.path("orders").findValuesAsText("outcome")).containsExactly("existing", "created");
            assertThat(read(inbox.resolve(".ack/orders.csv.ack.json")).path("orders")).hasSize(1);
            assertThat(sim.orderCount()).as("the accepted row was not submitted twice").isEqualTo(2);
        }
    }

    @Test
    void aFinishedFileShowingUpAgainCreatesNothingSaysSoAndOverwritesNothing() throws Exception {
        Path inbox = dir.resolve("inbox");
        String content = json("R-1");
        FileTime modified;
        try (RunningBundle first = bundle(Map.of())) {
            drop(inbox, "once.json", content);
            modified = Files.getLastModifiedTime(inbox.resolve("once.json"));
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(inbox.resolve(".done/once.json")));
        }
        // The same file (name, size, time) shows up again, as after a failed move or a copy-back.
        drop(inbox, "once.json", content);
        Files.setLastModifiedTime(inbox.resolve("once.json"), modified);
        try (RunningBundle second = bundle(Map.of())) {
            await().atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(inbox.resolve("once.json")));
            assertThat(sim.orderCount()).isEqualTo(1);
            try (var done = Files.list(inbox.resolve(".done"))) {
                assertThat(done.map(p -> p.getFileName().toString()))
                        .as("the earlier copy is kept; the later one has a time suffix")
                        .hasSize(2).contains("once.json").anyMatch(n -> n.matches("once-\\d{17}\\.json"));
            }
            try (var acks = Files.list(inbox.resolve(".ack"))) {
                Path later = acks.filter(p -> !p.getFileName().toString().equals("once.json.ack.json"))
                        .findFirst().orElseThrow();
                JsonNode ack = read(later);
                assertThat(ack.path("orders").get(0).path("outcome").asText()).isEqualTo("existing");
                assertThat(ack.path("summary").path("message").asText()).startsWith("1 of 1 already submitted");
            }
            assertThat(read(inbox.resolve(".ack/once.json.ack.json")).path("summary").path("created").asInt())
                    .as("the first ack is not overwritten").isEqualTo(1);
        }
    }

    @Test
    void sftpFilesAreReadWithHostKeyCheckingAndAcknowledgedOnTheServer() throws Exception {
        try (SftpTestServer sftp = SftpTestServer.start(dir, "hospital", "sftp-pw-1")) {
            Path orders = Files.createDirectories(sftp.root().resolve("orders"));
            try (RunningBundle bundle = bundle(Map.of("spotlink.intake.sftp.enabled", "true",
                    "spotlink.intake.sftp.port", Integer.toString(sftp.port()),
                    "spotlink.intake.sftp.username", "hospital", "spotlink.intake.sftp.password", "sftp-pw-1",
                    "spotlink.intake.sftp.known-hosts-file", sftp.knownHosts().toString(),
                    "spotlink.intake.file.enabled", "false"))) {
                drop(orders, "remote.json", json("S-1"));
                drop(orders, "remote-bad.json", "{\"source_order_id\": \"S-2\"}");
                await().atMost(Duration.ofSeconds(40)).until(() -> Files.exists(orders.resolve(".done/remote.json"))
                        && Files.exists(orders.resolve(".error/remote-bad.json.errors.json"))
                        && Files.exists(orders.resolve(".error/remote-bad.json")));
                assertThat(read(orders.resolve(".ack/remote.json.ack.json")).path("orders").get(0)
                        .path("spot_order_id").asText()).matches("O\\d{7}");
                assertThat(Files.exists(orders.resolve("remote-bad.json"))).as("moved, not copied").isFalse();
                assertThat(sim.orderCount()).isEqualTo(1);
                List<String> fields = read(orders.resolve(".error/remote-bad.json.errors.json")).path("orders")
                        .get(0).path("errors").findValuesAsText("field");
                assertThat(fields).contains("recipient", "test_codes");
            }
        }
    }
}
