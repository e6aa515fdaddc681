package io.spotlink.intake.hl7;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v251.message.ACK;
import ca.uhn.hl7v2.model.v251.message.ORL_O22;
import ca.uhn.hl7v2.model.v251.message.ORR_O02;
import ca.uhn.hl7v2.validation.impl.NoValidation;
import io.spotlink.ledger.OrderLedger;
import io.spotlink.ledger.OrderRecord;
import io.spotlink.sim.SpotSimulator;
import io.spotlink.spot.SpotClient;
import io.spotlink.support.MllpClient;
import io.spotlink.support.RunningBundle;
import io.spotlink.support.Simulators;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** order-intake-mllp from a real socket client: ORM in, ACK or ORR out, against the simulator. */
class MllpOrderIntakeTest {

    private static final String ORM = String.join("\r",
            "MSH|^~\\&|EPIC|GENHOSP|SPOTLINK|SPOT|20261122120000||ORM^O01^ORM_O01|MSG0001|P|2.5.1||||||%s",
            "PID|1||MRN-555^^^GENHOSP^MR||Müller^Anna||19850314|F|||123 Main St^Apt 1^San Francisco^CA^94105^USA"
                    + "||^PRN^PH^^1^415^5550100~^NET^Internet^anna.mueller@example.org",
            "ORC|NW|PL-100||||||||||1234567893^Chen^Lisa",
            "OBR|1|PL-100||LIPID^Lipid panel^L") + "\r";

    @TempDir
    Path dir;
    private SpotSimulator sim;
    private final HapiContext hapi = new DefaultHapiContext();

    @BeforeEach
    void start() {
        sim = Simulators.start();
        hapi.setValidationContext(new NoValidation());
    }

    @AfterEach
    void stop() throws Exception {
        sim.close();
        hapi.close();
    }

    private RunningBundle bundle(String reply) throws Exception {
        return RunningBundle.start(dir, sim.baseUrl(), Simulators.API_KEY, Map.of(
                "spotlink.results.poll-enabled", "false", "spotlink.intake.mllp.reply", reply));
    }

    private Message send(RunningBundle bundle, String message, Charset charset) throws Exception {
        byte[] reply = MllpClient.send(Integer.parseInt(bundle.setting("spotlink.intake.mllp.port")),
                message.getBytes(charset));
        return hapi.getPipeParser().parse(new String(reply, charset));
    }

    @Test
    void aValidOrmIsRecordedAndAcknowledgedWithItsSpotOrderId() throws Exception {
        try (RunningBundle bundle = bundle("ACK")) {
            ACK ack = (ACK) send(bundle, ORM.formatted("UNICODE UTF-8"), StandardCharsets.UTF_8);
            assertThat(ack.getMSA().getAcknowledgmentCode().getValue()).isEqualTo("AA");
            assertThat(ack.getMSA().getMessageControlID().getValue()).isEqualTo("MSG0001");
            OrderRecord record = bundle.bean("orderLedger", OrderLedger.class).findBySource("GENHOSP", "PL-100")
                    .orElseThrow();
            assertThat(ack.getMSA().getTextMessage().getValue()).isEqualTo("Spot order " + record.spotOrderId());
            assertThat(record.mrn()).isEqualTo("MRN-555");
            var atSpot = bundle.bean("spotClient", SpotClient.class).retrieveOrder(record.spotOrderId());
            assertThat(atSpot.recipient().lastName()).isEqualTo("Müller");
            assertThat(atSpot.recipient().email()).isEqualTo("anna.mueller@example.org");
            assertThat(atSpot.recipient().phone()).isEqualTo("4155550100");
            assertThat(atSpot.recipient().address().country()).isEqualTo("US");

            ACK again = (ACK) send(bundle, ORM.formatted("UNICODE UTF-8"), StandardCharsets.UTF_8);
            assertThat(again.getMSA().getTextMessage().getValue()).isEqualTo("Spot order " + record.spotOrderId());
            assertThat(sim.orderCount()).isEqualTo(1);
        }
    }

    @Test
    void latin1MessagesAreReadInTheCharsetMsh18Names() throws Exception {
        try (RunningBundle bundle = bundle("ACK")) {
            ACK ack = (ACK) send(bundle, ORM.formatted("8859/1"), StandardCharsets.ISO_8859_1);
            assertThat(ack.getMSA().getAcknowledgmentCode().getValue()).isEqualTo("AA");
            String spotId = ack.getMSA().getTextMessage().getValue().replace("Spot order ", "");
            assertThat(bundle.bean("spotClient", SpotClient.class).retrieveOrder(spotId).recipient().lastName())
                    .isEqualTo("Müller");
        }
    }

    @Test
    void everyProblemIsNamedInAnErrSegmentAndNothingIsSubmitted() throws Exception {
        String bad = ORM.formatted("UNICODE UTF-8").replace("Müller^Anna", "").replace("19850314", "19851399")
                .replace("~^NET^Internet^anna.mueller@example.org", "").replace("LIPID^Lipid panel^L", "");
        try (RunningBundle bundle = bundle("ACK")) {
            ACK ack = (ACK) send(bundle, bad, StandardCharsets.UTF_8);
            assertThat(ack.getMSA().getAcknowledgmentCode().getValue()).isEqualTo("AE");
            assertThat(ack.getMSA().getMessageControlID().getValue()).isEqualTo("MSG0001");
            var errs = ack.getERRAll();
            assertThat(errs).extracting(e -> e.getErrorLocation(0).getSegmentID().getValue() + "-"
                    + e.getErrorLocation(0).getFieldPosition().getValue() + ":" + e.getHL7ErrorCode().getIdentifier()
                    .getValue()).contains("PID-7:102", "OBR-4:101", "PID-5:101", "PID-13:101");
            assertThat(errs).allSatisfy(e -> assertThat(e.getSeverity().getValue()).isEqualTo("E"));
            assertThat(sim.orderCount()).isZero();
        }
    }

    @Test
    void otherMessagesAndGarbageAreRefusedWithAe() throws Exception {
        try (RunningBundle bundle = bundle("ACK")) {
            String adt = "MSH|^~\\&|EPIC|GENHOSP|SPOTLINK|SPOT|20261122120000||ADT^A01^ADT_A01|MSG0002|P|2.5.1\r"
                    + "PID|1||MRN-1\r";
            ACK ack = (ACK) send(bundle, adt, StandardCharsets.UTF_8);
            assertThat(ack.getMSA().getAcknowledgmentCode().getValue()).as("a resend cannot help: AE")
                    .isEqualTo("AE");
            assertThat(ack.getERR().getHL7ErrorCode().getIdentifier().getValue()).isEqualTo("200");

            byte[] reply = MllpClient.send(Integer.parseInt(bundle.setting("spotlink.intake.mllp.port")),
                    "this is not HL7".getBytes(StandardCharsets.UTF_8));
            assertThat(new String(reply, StandardCharsets.UTF_8)).contains("MSA|AE").doesNotContain("this is not");
        }
    }

    @Test
    void orrRepliesCarryTheSpotOrderIdInOrc3() throws Exception {
        try (RunningBundle bundle = bundle("ORR")) {
            ORR_O02 orr = (ORR_O02) send(bundle, ORM.formatted("UNICODE UTF-8"), StandardCharsets.UTF_8);
            assertThat(orr.getMSA().getAcknowledgmentCode().getValue()).isEqualTo("AA");
            var orc = orr.getRESPONSE().getORDER(0).getORC();
            assertThat(orc.getOrderControl().getValue()).isEqualTo("OK");
            assertThat(orc.getPlacerOrderNumber().getEntityIdentifier().getValue()).isEqualTo("PL-100");
            assertThat(orc.getFillerOrderNumber().getEntityIdentifier().getValue()).matches("O\\d{7}");
        }
    }

    @Test
    void omlIsAnsweredWithOrlO22WhenRepliesAreOrrStyle() throws Exception {
        String oml = ORM.formatted("UNICODE UTF-8").replace("ORM^O01^ORM_O01", "OML^O21^OML_O21");
        try (RunningBundle bundle = bundle("ORR")) {
            Message reply = send(bundle, oml, StandardCharsets.UTF_8);
            assertThat(reply).isInstanceOf(ORL_O22.class);
            ORL_O22 orl = (ORL_O22) reply;
            assertThat(orl.getMSH().getMessageType().encode()).isEqualTo("ORL^O22^ORL_O22");
            assertThat(orl.getMSA().getAcknowledgmentCode().getValue()).isEqualTo("AA");
            assertThat(orl.getMSA().getMessageControlID().getValue()).isEqualTo("MSG0001");
            var orc = orl.getRESPONSE().getPATIENT().getORDER(0).getORC();
            assertThat(orc.getPlacerOrderNumber().getEntityIdentifier().getValue()).isEqualTo("PL-100");
            assertThat(orc.getFillerOrderNumber().getEntityIdentifier().getValue()).matches("O\\d{7}");
        }
    }
}
