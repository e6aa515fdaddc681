package io.spotlink.intake.requisition;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.v251.message.ORU_R01;
import ca.uhn.hl7v2.validation.impl.NoValidation;
import com.fasterxml.jackson.databind.JsonNode;
import io.spotlink.intake.CanonicalOrder;
import io.spotlink.ledger.OrderLedger;
import io.spotlink.ledger.OrderRecord;
import io.spotlink.sim.SpotSimulator;
import io.spotlink.spot.SpotClient;
import io.spotlink.spot.SpotJson;
import io.spotlink.spot.model.Requisition;
import io.spotlink.support.Orders;
import io.spotlink.support.RunningBundle;
import io.spotlink.support.Simulators;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kits collected in the clinic, on the running bundle against the simulator over HTTP: an order with a specimen
 * barcode becomes a requisition, a repeat finds the same requisition, and its report comes back as an ORU in the
 * file outbox with the barcode in SPM-2 and OBR-3 and the report's results in OBX.
 */
class RequisitionPathTest {

    @TempDir
    Path dir;

    private static Map<String, String> settings(String... extra) {
        Map<String, String> s = new java.util.HashMap<>(Map.of(
                "spotlink.requisitions.enabled", "true", "spotlink.requisitions.account-number", "ACC-1001",
                "spotlink.requisitions.lab", "spot-lab",
                "spotlink.results.poll-interval", "200ms", "spotlink.results.poll-delay", "0",
                "spotlink.deliver.interval", "100ms", "spotlink.deliver.initial-delay", "50ms"));
        for (int i = 0; i + 1 < extra.length; i += 2) {
            s.put(extra[i], extra[i + 1]);
        }
        return s;
    }

    private static String withBarcode(String sourceOrderId, String barcode) throws Exception {
        CanonicalOrder o = Orders.valid(sourceOrderId);
        return SpotJson.mapper().writeValueAsString(new CanonicalOrder(o.sourceOrderId(), o.sourceSystem(),
                o.testCodes(), o.kitTypes(), o.recipient(), o.patient(), o.orderingProvider(), o.metadata(), barcode));
    }

    private static List<String> outbox(Path dir) throws Exception {
        Path out = dir.resolve("outbox");
        if (!Files.isDirectory(out)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(out)) {
            // a file still being written is a dot-file (tempPrefix .writing-), as an EHR poller would skip it
            return files.filter(f -> f.toString().endsWith(".hl7") && !f.getFileName().toString().startsWith("."))
                    .sorted().map(f -> {
                try {
                    return Files.readString(f, StandardCharsets.UTF_8);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }

    @Test
    void anOrderWithABarcodeBecomesARequisitionWhoseReportComesBackAsAnOru() throws Exception {
        try (SpotSimulator sim = Simulators.start("sim.amendment-rate", "0", "sim.extra-checks-rate", "0");
             RunningBundle bundle = RunningBundle.start(dir, sim.baseUrl(), Simulators.API_KEY, settings())) {
            var created = bundle.post("/orders", withBarcode("RQ-1", "BC-E2E-1"));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String requisitionId = SpotJson.mapper().readTree(created.body()).path("spot_order_id").asText();
            assertThat(requisitionId).matches("[0-9a-f-]{36}");
            assertThat(sim.requisitionCount()).isEqualTo(1);
            assertThat(sim.orderCount()).as("no Spot order for a kit collected in the clinic").isZero();

            var again = bundle.post("/orders", withBarcode("RQ-1", "BC-E2E-1"));
            assertThat(SpotJson.mapper().readTree(again.body()).path("spot_order_id").asText())
                    .isEqualTo(requisitionId);
            assertThat(sim.requisitionCount()).as("a repeat finds the same requisition").isEqualTo(1);

            OrderLedger ledger = bundle.bean("orderLedger", OrderLedger.class);
            OrderRecord record = ledger.findBySource("EPIC-TEST", "RQ-1").orElseThrow();
            assertThat(record.spotOrderId()).isEqualTo(requisitionId);
            assertThat(ledger.isRequisition(requisitionId)).isTrue();

            await().atMost(Duration.ofSeconds(60)).until(() -> !outbox(dir).isEmpty());
            String er7 = outbox(dir).get(0);
            ORU_R01 oru;
            try (HapiContext hapi = new DefaultHapiContext()) {
                hapi.setValidationContext(new NoValidation());
                oru = (ORU_R01) hapi.getPipeParser().parse(er7);
            }
            var order = oru.getPATIENT_RESULT().getORDER_OBSERVATION();
            assertThat(order.getOBR().getPlacerOrderNumber().getEntityIdentifier().getValue()).isEqualTo("RQ-1");
            assertThat(order.getOBR().getFillerOrderNumber().getEntityIdentifier().getValue())
                    .isEqualTo(requisitionId + "-BC-E2E-1");
            assertThat(order.getOBR().getResultStatus().getValue()).isEqualTo("F");
            assertThat(order.getSPECIMEN().getSPM().getSpecimenID().getFillerAssignedIdentifier()
                    .getEntityIdentifier().getValue()).isEqualTo("BC-E2E-1");

            Requisition atSpot = bundle.bean("spotClient", SpotClient.class).retrieveRequisition(requisitionId);
            assertThat(atSpot.status()).isEqualTo("resulted");
            List<String> names = atSpot.reports().get(0).results().stream().map(r -> r.name()).toList();
            long resultObx = java.util.Arrays.stream(er7.split("\r")).filter(seg -> seg.startsWith("OBX|"))
                    .filter(seg -> !List.of("ED", "RP").contains(seg.split("\\|")[2])).count();
            assertThat(resultObx).as("one OBX per result, beside the report document").isEqualTo(names.size());
            String obx = java.util.Arrays.stream(er7.split("\r")).filter(seg -> seg.startsWith("OBX|"))
                    .reduce("", (a, b) -> a + b + "\n");
            // Results without a LOINC mapping keep Spot's name as a local code; the others are LOINC-coded.
            assertThat(obx).contains("|Homocysteine^Homocysteine^L|", "|rs1801133^rs1801133^L|", "|2085-9^");
            assertThat(ledger.findBySource("EPIC-TEST", "RQ-1").orElseThrow().spotStatus()).isEqualTo("completed");
            JsonNode lookup = SpotJson.mapper().readTree(bundle.get("/orders/RQ-1").body());
            assertThat(lookup.toString()).contains("\"spot_status\":\"completed\"", "\"kit_id\":\"BC-E2E-1\"")
                    .doesNotContain("spot_status_error");
        }
    }

    @Test
    void aRequisitionWhoseAnswerWasLostIsFoundByBarcodeNotCreatedTwice() throws Exception {
        try (SpotSimulator sim = Simulators.start("sim.fault.after-create.error-rate", "1.0");
             RunningBundle bundle = RunningBundle.start(dir, sim.baseUrl(), Simulators.API_KEY, settings())) {
            var created = bundle.post("/orders", withBarcode("RQ-5", "BC-E2E-5"));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String requisitionId = SpotJson.mapper().readTree(created.body()).path("spot_order_id").asText();
            assertThat(sim.requisitionCount()).isEqualTo(1);
            assertThat(bundle.bean("spotClient", SpotClient.class).findRequisitionByBarcode("BC-E2E-5"))
                    .hasValueSatisfying(r -> assertThat(r.requisitionId()).isEqualTo(requisitionId));
        }
    }

    @Test
    void anOmlWithASpecimenInSpm2BecomesARequisitionAndIsAcknowledged() throws Exception {
        String oml = String.join("\r",
                "MSH|^~\\&|EPIC|GENHOSP|SPOTLINK|SPOT|20261122120000||OML^O21^OML_O21|MSG-RQ-6|P|2.5.1",
                "PID|1||MRN-556^^^GENHOSP^MR||Quigglesworth^Zerelda||19840719|F|||742 Evergreen Terrace^^San Francisco"
                        + "^CA^94105^USA||^PRN^PH^^1^415^5550187~^NET^Internet^zerelda.q@example.org",
                "ORC|NW|RQ-6", "OBR|1|RQ-6||LIPID^Lipid panel^L", "SPM|1|BC-E2E-6^||BLD") + "\r";
        try (SpotSimulator sim = Simulators.start();
             RunningBundle bundle = RunningBundle.start(dir, sim.baseUrl(), Simulators.API_KEY,
                     settings("spotlink.results.poll-enabled", "false"))) {
            byte[] reply = io.spotlink.support.MllpClient.send(Integer.parseInt(
                    bundle.setting("spotlink.intake.mllp.port")), oml.getBytes(StandardCharsets.UTF_8));
            String ack = new String(reply, StandardCharsets.UTF_8);
            assertThat(ack).contains("MSA|AA|MSG-RQ-6");
            assertThat(sim.requisitionCount()).isEqualTo(1);
            assertThat(sim.orderCount()).isZero();
            String requisitionId = bundle.bean("orderLedger", OrderLedger.class).findBySource("GENHOSP", "RQ-6")
                    .orElseThrow().spotOrderId();
            assertThat(bundle.bean("spotClient", SpotClient.class).retrieveRequisition(requisitionId).barcode())
                    .isEqualTo("BC-E2E-6");
        }
    }

    @Test
    void withRequisitionsOffTheBarcodeIsIgnoredAndAnOrderIsCreated() throws Exception {
        try (SpotSimulator sim = Simulators.start();
             RunningBundle bundle = RunningBundle.start(dir, sim.baseUrl(), Simulators.API_KEY,
                     settings("spotlink.requisitions.enabled", "false"))) {
            var created = bundle.post("/orders", withBarcode("RQ-2", "BC-E2E-2"));
            assertThat(created.statusCode()).isEqualTo(201);
            assertThat(sim.orderCount()).isEqualTo(1);
            assertThat(sim.requisitionCount()).isZero();
        }
    }

    @Test
    void aRequisitionSpotDeniesOrCannotTakeIsRefusedNamingTheField() throws Exception {
        try (SpotSimulator sim = Simulators.start();
             RunningBundle bundle = RunningBundle.start(dir, sim.baseUrl(), Simulators.API_KEY,
                     settings("spotlink.requisitions.state-collected", "NY"))) {
            var denied = bundle.post("/orders", withBarcode("RQ-3", "BC-E2E-3"));
            assertThat(denied.statusCode()).isEqualTo(400);
            assertThat(denied.body()).contains("specimen_barcode", "denied");
            var badBarcode = bundle.post("/orders", withBarcode("RQ-4", "BC E2E/4"));
            assertThat(badBarcode.statusCode()).isEqualTo(400);
            JsonNode errors = SpotJson.mapper().readTree(badBarcode.body());
            assertThat(errors.toString()).contains("specimen_barcode").doesNotContain("BC E2E/4");
            assertThat(sim.requisitionCount()).isEqualTo(1);
        }
    }
}
