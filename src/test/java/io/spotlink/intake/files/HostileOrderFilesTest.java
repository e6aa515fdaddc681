package io.spotlink.intake.files;

import com.fasterxml.jackson.databind.JsonNode;
import io.spotlink.sim.SpotSimulator;
import io.spotlink.spot.SpotJson;
import io.spotlink.support.Orders;
import io.spotlink.support.RunningBundle;
import io.spotlink.support.Simulators;
import org.apache.camel.support.ScheduledPollConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/** Issue 7 for order files: incomplete, empty, binary, mis-encoded, oversized and re-dropped files. */
class HostileOrderFilesTest {

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

    private RunningBundle bundle(String... keyValues) throws Exception {
        Map<String, String> settings = new HashMap<>(Map.of("spotlink.results.poll-enabled", "false",
                "spotlink.intake.files.poll-interval", "100"));
        for (int i = 0; i < keyValues.length; i += 2) {
            settings.put(keyValues[i], keyValues[i + 1]);
        }
        return RunningBundle.start(dir, sim.baseUrl(), Simulators.API_KEY, settings);
    }

    private static String csvRow(String id, String country) {
        return id + ",LIPID;VITD,Zerelda,Quigglesworth,zerelda.q@example.org,4155550187,742 Evergreen Terrace,"
                + "San Francisco,CA," + country + ",94105,MRN-" + id + ",1984-07-19,F\n";
    }

    private void drop(String name, byte[] content) throws Exception {
        Path temp = inbox.resolve(name + ".tmp");
        Files.write(temp, content);
        Files.move(temp, inbox.resolve(name));
    }

    private static long polls(RunningBundle bundle) {
        return ((ScheduledPollConsumer) bundle.context().getRoute("order-intake-file").getConsumer()).getCounter();
    }

    private JsonNode errorsOf(String name) throws Exception {
        return SpotJson.mapper().readTree(Files.readString(inbox.resolve(".error/" + name + ".errors.json")));
    }

    private void awaitError(String name) {
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(inbox.resolve(".error/" + name))
                && Files.exists(inbox.resolve(".error/" + name + ".errors.json")));
    }

    @Test
    void aFileWrittenInTwoBurstsIsReadOnceAndWholeEvenWhenItsTimeIsKeptOld() throws Exception {
        try (RunningBundle bundle = bundle("spotlink.intake.files.min-age", "2000")) {
            Path file = inbox.resolve("bursts.csv");
            // WinSCP and rsync -t keep the source's modification time: age alone says nothing.
            FileTime old = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
            Files.writeString(file, CSV_HEADER + csvRow("TB-1", "US"));
            Files.setLastModifiedTime(file, old);
            long before = polls(bundle);
            await().atMost(Duration.ofSeconds(10)).until(() -> polls(bundle) >= before + 2);
            assertThat(file).as("not read while it may still grow").exists();
            assertThat(sim.orderCount()).isZero();

            Files.writeString(file, csvRow("TB-2", "US"), StandardOpenOption.APPEND);
            Files.setLastModifiedTime(file, old);
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(inbox.resolve(".done/bursts.csv")));
            JsonNode ack = SpotJson.mapper().readTree(Files.readString(inbox.resolve(".ack/bursts.csv.ack.json")));
            assertThat(ack.path("orders").findValuesAsText("source_order_id")).containsExactly("TB-1", "TB-2");
            assertThat(sim.orderCount()).isEqualTo(2);
            assertThat(inbox.resolve(".error")).doesNotExist();
        }
    }

    @Test
    void withTheDoneMarkerAFileIsReadOnlyOnceItsMarkerExistsAndTmpFilesNever() throws Exception {
        try (RunningBundle bundle = bundle("spotlink.intake.files.done-marker", "true")) {
            Files.writeString(inbox.resolve("marked.json"), SpotJson.mapper().writeValueAsString(Orders.valid("DM-1")));
            Files.writeString(inbox.resolve("halfway.json.tmp"), "[{\"source_order_id\": \"DM-2\"");
            Files.writeString(inbox.resolve("halfway.json.part"), "[{\"source_order_id\": \"DM-3\"");
            long before = polls(bundle);
            await().atMost(Duration.ofSeconds(10)).until(() -> polls(bundle) >= before + 3);
            assertThat(inbox.resolve("marked.json")).exists();
            assertThat(sim.orderCount()).isZero();

            Files.writeString(inbox.resolve("marked.json.done"), "");
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(inbox.resolve(".done/marked.json")));
            assertThat(inbox.resolve("marked.json.done")).as("the marker goes with the file").doesNotExist();
            assertThat(sim.orderCount()).isEqualTo(1);
            assertThat(inbox.resolve("halfway.json.tmp")).exists();
            assertThat(inbox.resolve("halfway.json.part")).exists();
        }
    }

    @Test
    void emptyBinaryAndMisEncodedFilesGoToErrorSayingWhyWithoutDelayingTheOthers() throws Exception {
        try (RunningBundle bundle = bundle()) {
            drop("empty.csv", new byte[0]);
            drop("image.csv", new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 0x0D});
            drop("latin1.csv", (CSV_HEADER + csvRow("EN-1", "US").replace("Zerelda", "Zérelda"))
                    .getBytes(StandardCharsets.ISO_8859_1));
            drop("utf16.csv", (CSV_HEADER + csvRow("EN-2", "US")).getBytes(StandardCharsets.UTF_16LE));
            drop("lines.json", (SpotJson.mapper().writeValueAsString(Orders.valid("EN-3")) + "\n"
                    + SpotJson.mapper().writeValueAsString(Orders.valid("EN-4")) + "\n").getBytes(StandardCharsets.UTF_8));
            // Good files beside them, one with Excel's UTF-8 byte-order mark, one UTF-16 with its mark; a lock file
            // left by a killed older version does not hold the file back.
            Files.writeString(inbox.resolve("excel.csv.camelLock"), "");
            drop("excel.csv", ("\uFEFF" + CSV_HEADER + csvRow("EN-5", "US")).getBytes(StandardCharsets.UTF_8));
            drop("utf16-bom.json", ("\uFEFF" + SpotJson.mapper().writeValueAsString(Orders.valid("EN-6")))
                    .getBytes(StandardCharsets.UTF_16BE));

            for (String bad : new String[] {"empty.csv", "image.csv", "latin1.csv", "utf16.csv", "lines.json"}) {
                awaitError(bad);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(inbox.resolve(".done/excel.csv"))
                    && Files.exists(inbox.resolve(".done/utf16-bom.json")));
            assertThat(errorsOf("empty.csv").toString()).contains("is empty");
            assertThat(errorsOf("image.csv").toString()).contains("not valid UTF-8", "line 1");
            assertThat(errorsOf("latin1.csv").toString()).contains("not valid UTF-8", "line 2");
            assertThat(errorsOf("utf16.csv").toString()).contains("NUL", "byte-order mark");
            assertThat(errorsOf("lines.json").toString()).contains("second JSON value", "line 2");
            assertThat(sim.orderCount()).as("only the two good files' orders").isEqualTo(2);
            try (Stream<Path> all = Files.walk(inbox)) {
                assertThat(all.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".camelLock"));
            }
            try (Stream<Path> errors = Files.list(inbox.resolve(".error"))) {
                for (Path e : errors.filter(p -> p.toString().endsWith(".errors.json")).toList()) {
                    JsonNode json = SpotJson.mapper().readTree(Files.readString(e));
                    assertThat(json.path("errors").isArray() || json.path("orders").size() > 0).isTrue();
                    assertThat(json.findValues("errors")).noneMatch(JsonNode::isEmpty);
                }
            }
        }
    }

    @Test
    void anUnreadableFileGoesToErrorSayingSo() throws Exception {
        assumeThat(System.getProperty("user.name")).as("root reads every file").isNotEqualTo("root");
        try (RunningBundle bundle = bundle()) {
            Path temp = inbox.resolve("locked.csv.tmp");
            Files.writeString(temp, CSV_HEADER + csvRow("UR-1", "US"));
            Files.setPosixFilePermissions(temp, java.nio.file.attribute.PosixFilePermissions.fromString("-w-------"));
            Files.move(temp, inbox.resolve("locked.csv"));
            awaitError("locked.csv");
            assertThat(errorsOf("locked.csv").toString()).contains("cannot be read");
            assertThat(sim.orderCount()).isZero();
        }
    }

    @Test
    void aFixedFileWithTheSameNameSizeAndTimeIsReadAgain() throws Exception {
        try (RunningBundle bundle = bundle()) {
            drop("fix.csv", (CSV_HEADER + csvRow("FX-1", "US") + csvRow("FX-2", "MX")).getBytes(StandardCharsets.UTF_8));
            awaitError("fix.csv");
            FileTime modified = Files.getLastModifiedTime(inbox.resolve(".error/fix.csv"));
            // Same size (MX -> US) and the same time, as WinSCP or rsync -t would leave it.
            drop("fix.csv", (CSV_HEADER + csvRow("FX-1", "US") + csvRow("FX-2", "US")).getBytes(StandardCharsets.UTF_8));
            Files.setLastModifiedTime(inbox.resolve("fix.csv"), modified);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> FileOrderIntakeTest.find(inbox.resolve(".done"), "fix-\\d{17}\\.csv") != null);
            assertThat(sim.orderCount()).isEqualTo(2);
        }
    }

    @Test
    void filesOverTheSizeOrRowLimitAreRefusedBeforeAnyOrderIsSubmitted() throws Exception {
        try (RunningBundle bundle = bundle("spotlink.intake.files.max-bytes", "700",
                "spotlink.intake.files.max-rows", "2")) {
            byte[] big = SpotJson.mapper().writeValueAsBytes(java.util.List.of(Orders.valid("LM-1"),
                    Orders.valid("LM-2"), Orders.valid("LM-3")));
            byte[] many = (CSV_HEADER + csvRow("LM-4", "US") + csvRow("LM-5", "US") + csvRow("LM-6", "US"))
                    .getBytes(StandardCharsets.UTF_8);
            assertThat(big.length).isGreaterThan(700);
            assertThat(many.length).isLessThanOrEqualTo(700);
            drop("big.json", big);
            drop("many.csv", many);
            awaitError("big.json");
            awaitError("many.csv");
            assertThat(errorsOf("big.json").toString()).contains("larger than 700 bytes", "max-bytes");
            assertThat(errorsOf("many.csv").toString()).contains("more than 2 orders", "max-rows");
            assertThat(sim.orderCount()).isZero();
        }
    }
}
