package io.spotlink.intake.hl7;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.v251.message.ACK;
import ca.uhn.hl7v2.validation.impl.NoValidation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotlink.ledger.OrderLedger;
import io.spotlink.sim.SpotSimulator;
import io.spotlink.support.LogCapture;
import io.spotlink.support.MllpClient;
import io.spotlink.support.RunningBundle;
import io.spotlink.support.Simulators;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What order-intake-mllp refuses, over real sockets against one running bundle: every case of the bad-input corpus
 * (src/test/resources/bad-input/mllp), the all-or-nothing rule, ERR repetitions and the rejected-input store. The
 * whole class runs with logs captured at DEBUG, and no patient data of the corpus may reach a log line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MllpRefusalTest {

    static final Path CORPUS = Path.of("src/test/resources/bad-input/mllp");
    /** Patient data the corpus carries: none of it may be logged. */
    static final List<String> PHI = List.of("Jane", "Richard", "Roe^", "jane.doe@", "MRN-900", "5550100", "123 Main",
            "19850314", "Hauptstr", "Müller", "Anna", "DDDDDDDDDD");

    private SpotSimulator sim;
    private RunningBundle bundle;
    private LogCapture logs;
    private final HapiContext hapi = new DefaultHapiContext();

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        hapi.setValidationContext(new NoValidation());
        sim = Simulators.start();
        logs = LogCapture.atDebug();
        bundle = RunningBundle.start(dir, sim.baseUrl(), Simulators.API_KEY, Map.of(
                "spotlink.results.poll-enabled", "false", "spotlink.intake.jms.enabled", "false",
                "spotlink.intake.file.enabled", "false",
                "spotlink.intake.mllp.idle-timeout", "1500", "spotlink.intake.mllp.read-timeout", "500"));
    }

    @AfterAll
    void stop() throws Exception {
        try {
            List<String> leaks = logs.lines().stream().filter(line -> PHI.stream().anyMatch(line::contains)).toList();
            assertThat(leaks).as("log lines holding patient data").isEmpty();
        } finally {
            logs.close();
            bundle.close();
            sim.close();
            hapi.close();
        }
    }

    private int port() {
        return Integer.parseInt(bundle.setting("spotlink.intake.mllp.port"));
    }

    private Path rejectedFolder() {
        return Path.of(bundle.setting("spotlink.intake.rejected.directory")).resolve("mllp");
    }

    static Stream<String> corpus() throws IOException {
        try (Stream<Path> files = Files.list(CORPUS)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".expect"))
                    .map(n -> n.substring(0, n.length() - ".expect".length())).sorted().toList().stream();
        }
    }

    /** The bytes a case sends: lines joined by CR in an MLLP frame, or the file as it is for mllp.framing=raw. */
    static byte[] payload(byte[] file) {
        byte[] message = file.clone();
        for (int i = 0; i < message.length; i++) {
            if (message[i] == '\n') {
                message[i] = '\r';
            }
        }
        return message;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void everyCorpusCaseGetsItsOutcomeAndIsKept(String name) throws Exception {
        Properties expect = new Properties();
        try (InputStream in = Files.newInputStream(CORPUS.resolve(name + ".expect"))) {
            expect.load(in);
        }
        assertThat(expect.getProperty("description")).isNotBlank();
        byte[] file = Files.readAllBytes(CORPUS.resolve(name + ".hl7"));
        boolean raw = "raw".equals(expect.getProperty("mllp.framing", "framed"));
        byte[] message = raw ? file : payload(file);
        Set<Path> keptBefore = kept();

        Optional<byte[]> reply = MllpClient.sendBytes(port(), raw ? message : MllpClient.frame(message), 10_000);

        String outcome = expect.getProperty("outcome");
        if (outcome.equals("CLOSED")) {
            assertThat(reply).as("closed without an answer").isEmpty();
            return;
        }
        assertThat(reply).as("an answer").isPresent();
        String ack = new String(reply.get(), StandardCharsets.UTF_8);
        assertThat(ack).contains("MSA|" + outcome + "|");
        for (String part : expect.getProperty("contains", "").split(",")) {
            if (!part.isBlank()) {
                assertThat(ack.toLowerCase(Locale.ROOT)).as(ack).contains(part.trim().toLowerCase(Locale.ROOT));
            }
        }
        assertThat(ack).as("the answer never quotes the message").doesNotContain("Jane", "this is not HL7",
                "X-1", "GET /");
        if (outcome.equals("AE")) {
            List<Path> added = kept().stream().filter(p -> !keptBefore.contains(p)).toList();
            assertThat(added).as("one original kept").hasSize(1);
            assertThat(Files.readAllBytes(added.get(0))).isEqualTo(message);
            Path reason = added.get(0).resolveSibling(added.get(0).getFileName().toString()
                    .replaceFirst("\\.hl7$", ".reason.json"));
            JsonNode json = new ObjectMapper().readTree(reason.toFile());
            assertThat(json.get("ack_code").asText()).isEqualTo("AE");
            assertThat(json.get("problems")).isNotEmpty();
        }
    }

    private Set<Path> kept() throws IOException {
        if (!Files.isDirectory(rejectedFolder())) {
            return Set.of();
        }
        try (Stream<Path> files = Files.list(rejectedFolder())) {
            return files.filter(p -> p.toString().endsWith(".hl7")).collect(Collectors.toSet());
        }
    }

    @Test
    void nothingOfAMessageIsCreatedWhenItsSecondOrderIsBadAndErrNamesTheSecondObr() throws Exception {
        String orm = String.join("\r",
                "MSH|^~\\&|EPIC|GENHOSP|SPOTLINK|SPOT|20261122120000||ORM^O01^ORM_O01|AON-1|P|2.5.1",
                "PID|1||MRN-9001^^^GENHOSP^MR||Doe^Jane||19850314|F|||123 Main St^^San Francisco^CA^94105^USA"
                        + "||^PRN^PH^^1^415^5550100~^NET^Internet^jane.doe@example.org",
                "ORC|NW|AON-A", "OBR|1|AON-A||LIPID",
                "ORC|NW|AON-B", "OBR|2|AON-B||NOSUCHTEST") + "\r";
        int before = sim.orderCount();
        ACK ack = (ACK) hapi.getPipeParser().parse(new String(MllpClient.send(port(),
                orm.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8));
        assertThat(ack.getMSA().getAcknowledgmentCode().getValue()).isEqualTo("AE");
        var location = ack.getERR().getErrorLocation(0);
        assertThat(location.getSegmentID().getValue() + "^" + location.getSegmentSequence().getValue() + "-"
                + location.getFieldPosition().getValue()).isEqualTo("OBR^2-4");
        assertThat(sim.orderCount()).as("the first, valid order was not created either").isEqualTo(before);
        assertThat(bundle.bean("orderLedger", OrderLedger.class).findBySource("GENHOSP", "AON-A")).isEmpty();

        // fixed, the same message creates both orders
        ACK fixed = (ACK) hapi.getPipeParser().parse(new String(MllpClient.send(port(),
                orm.replace("NOSUCHTEST", "VITD").getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8));
        assertThat(fixed.getMSA().getAcknowledgmentCode().getValue()).isEqualTo("AA");
        assertThat(sim.orderCount()).isEqualTo(before + 2);
    }

    @Test
    void spotUnavailableIsTheOneCaseForArAndTheMessageIsNotKeptAsRefused() throws Exception {
        String orm = String.join("\r",
                "MSH|^~\\&|EPIC|GENHOSP|SPOTLINK|SPOT|20261122120000||ORM^O01^ORM_O01|DOWN-1|P|2.5.1",
                "PID|1||MRN-9001^^^GENHOSP^MR||Doe^Jane||19850314|F|||123 Main St^^San Francisco^CA^94105^USA"
                        + "||^PRN^PH^^1^415^5550100~^NET^Internet^jane.doe@example.org",
                "ORC|NW|DOWN-A", "OBR|1|DOWN-A||LIPID") + "\r";
        Set<Path> before = kept();
        sim.faults().setErrorRate(1.0);
        String reply;
        try {
            reply = new String(MllpClient.send(port(), orm.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        } finally {
            sim.faults().setErrorRate(0);
        }
        assertThat(reply).contains("MSA|AR|DOWN-1").contains("ORC^1^2");
        assertThat(kept()).as("a resend is expected: nothing kept as refused").isEqualTo(before);
        assertThat(new String(MllpClient.send(port(), orm.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8))
                .as("the resend").contains("MSA|AA|DOWN-1");
    }

    @Test
    void aSecondPidIsNamedWithItsRepetitionAndNothingIsCreated() throws Exception {
        String orm = String.join("\r",
                "MSH|^~\\&|EPIC|GENHOSP|SPOTLINK|SPOT|20261122120000||ORM^O01^ORM_O01|PID2-1|P|2.5.1",
                "PID|1||MRN-9001^^^GENHOSP^MR||Doe^Jane||19850314|F|||123 Main St^^San Francisco^CA^94105^USA"
                        + "||^PRN^PH^^1^415^5550100~^NET^Internet^jane.doe@example.org",
                "ORC|NW|PID2-A", "OBR|1|PID2-A||LIPID",
                "PID|2||MRN-9002^^^GENHOSP^MR||Roe^Richard||19700101|M|||123 Main St^^San Francisco^CA^94105^USA"
                        + "||^PRN^PH^^1^415^5550100~^NET^Internet^jane.doe@example.org",
                "ORC|NW|PID2-B", "OBR|1|PID2-B||LIPID") + "\r";
        int before = sim.orderCount();
        ACK ack = (ACK) hapi.getPipeParser().parse(new String(MllpClient.send(port(),
                orm.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8));
        assertThat(ack.getMSA().getAcknowledgmentCode().getValue()).isEqualTo("AE");
        assertThat(ack.getERRAll()).singleElement().satisfies(err -> {
            assertThat(err.getErrorLocation(0).getSegmentID().getValue()).isEqualTo("PID");
            assertThat(err.getErrorLocation(0).getSegmentSequence().getValue()).isEqualTo("2");
        });
        assertThat(sim.orderCount()).isEqualTo(before);
    }

    @Test
    void theRefusedOriginalAndItsReasonAreKeptUnderASafeName() throws Exception {
        byte[] message = ("MSH|^~\\&|EPIC|GENHOSP|SPOTLINK|SPOT|20261122120000||ORM^O01|../KEEP 1/x|P|2.5.1\r"
                + "PID|1||||Doe^Jane\r").getBytes(StandardCharsets.UTF_8);
        Set<Path> before = kept();
        assertThat(new String(MllpClient.send(port(), message), StandardCharsets.UTF_8)).contains("MSA|AE|../KEEP 1/x");
        List<Path> added = new ArrayList<>(kept());
        added.removeAll(before);
        assertThat(added).singleElement().satisfies(path -> {
            assertThat(path.getParent()).isEqualTo(rejectedFolder());
            assertThat(path.getFileName().toString()).matches("\\d{8}-\\d{9}-KEEP1x\\.hl7");
            assertThat(Files.readAllBytes(path)).isEqualTo(message);
            JsonNode reason = new ObjectMapper().readTree(path.resolveSibling(
                    path.getFileName().toString().replace(".hl7", ".reason.json")).toFile());
            assertThat(reason.get("channel").asText()).isEqualTo("mllp");
            assertThat(reason.get("ack_code").asText()).isEqualTo("AE");
            assertThat(reason.get("control_id").asText()).isEqualTo("(not shown)");
            assertThat(reason.get("problems").findValuesAsText("location")).contains("PID^1-3.1");
        });
    }

    @Test
    void theCorpusCoversEveryFinding() throws IOException {
        String descriptions;
        try (Stream<Path> files = Files.list(CORPUS)) {
            descriptions = files.filter(p -> p.toString().endsWith(".expect")).map(p -> {
                try {
                    return Files.readString(p, StandardCharsets.ISO_8859_1);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).collect(Collectors.joining("\n"));
        }
        assertThat(corpus().count()).isGreaterThanOrEqualTo(40);
        for (int finding : Arrays.asList(1, 2, 3, 4, 5, 6, 7, 8, 10, 13)) {
            // "finding N:" or "finding N and finding M:"
            assertThat(descriptions).contains("finding " + finding);
        }
    }
}
