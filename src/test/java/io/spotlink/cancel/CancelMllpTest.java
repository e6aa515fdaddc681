package io.spotlink.cancel;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v251.message.ACK;
import ca.uhn.hl7v2.model.v251.message.ORR_O02;
import ca.uhn.hl7v2.model.v251.segment.ORC;
import ca.uhn.hl7v2.validation.impl.NoValidation;
import io.spotlink.ledger.LedgerStatus;
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

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** ORC-1 CA, DC and XO over MLLP from a real socket client (reply = ORR), against the simulator over HTTP. */
class CancelMllpTest {

    private static final String MSH = "MSH|^~\\&|EPIC|GENHOSP|SPOTLINK|SPOT|20261122120000||ORM^O01^ORM_O01|%s|P|2.5.1";
    private static final String PID = "PID|1||MRN-555^^^GENHOSP^MR||Müller^Anna||19850314|F|||123 Main St^Apt 1^San "
            + "Francisco^CA^94105^USA||^PRN^PH^^1^415^5550100~^NET^Internet^anna.mueller@example.org";

    @TempDir
    Path dir;
    private SpotSimulator sim;
    private RunningBundle bundle;
    private final HapiContext hapi = new DefaultHapiContext();

    @BeforeEach
    void start() throws Exception {
        hapi.setValidationContext(new NoValidation());
        sim = Simulators.start();
        bundle = RunningBundle.start(dir, sim.baseUrl(), Simulators.API_KEY, Map.of(
                "spotlink.results.poll-enabled", "false", "spotlink.intake.mllp.reply", "ORR",
                "spotlink.intake.retry.interval", "300ms"));
    }

    @AfterEach
    void stop() throws Exception {
        bundle.close();
        sim.close();
        hapi.close();
    }

    private static String order(String controlId, String control, String placer, String provider, String street) {
        return String.join("\r", MSH.formatted(controlId), PID.replace("123 Main St", street),
                "ORC|" + control + "|" + placer + "||||||||||" + provider, "OBR|1|" + placer + "||LIPID^Lipid panel^L")
                + "\r";
    }

    private static String nw(String controlId, String placer) {
        return order(controlId, "NW", placer, "1234567893^Chen^Lisa", "123 Main St");
    }

    private static String cancel(String controlId, String control, String placer) {
        return String.join("\r", MSH.formatted(controlId), PID, "ORC|" + control + "|" + placer,
                "OBR|1|" + placer + "||LIPID^Lipid panel^L") + "\r";
    }

    private Message send(String message) throws Exception {
        byte[] reply = MllpClient.send(Integer.parseInt(bundle.setting("spotlink.intake.mllp.port")),
                message.getBytes(StandardCharsets.UTF_8));
        return hapi.getPipeParser().parse(new String(reply, StandardCharsets.UTF_8));
    }

    private static ORC orc(Message reply) throws Exception {
        return ((ORR_O02) reply).getRESPONSE().getORDER().getORC();
    }

    private OrderRecord record(String placer) {
        return bundle.bean("orderLedger", OrderLedger.class).findBySource("GENHOSP", placer).orElseThrow();
    }

    @Test
    void aCancelOfAnOrderSpotNeverHadIsCrAndItIsNeverCreated() throws Exception {
        sim.faults().setErrorRate(1.0); // Spot down: the order is kept as failed, and order-retry keeps trying
        assertThat(((ACK) send(nw("M-1", "PL-C1"))).getMSA().getAcknowledgmentCode().getValue()).isEqualTo("AR");
        // AR while order-retry happens to be sending it; the engine resends, as engines do
        Message reply = await().atMost(Duration.ofSeconds(20)).until(() -> send(cancel("M-2", "CA", "PL-C1")),
                r -> r instanceof ORR_O02);
        sim.faults().setErrorRate(0);
        assertThat(orc(reply).getOrderControl().getValue()).isEqualTo("CR");
        assertThat(orc(reply).getPlacerOrderNumber().getEntityIdentifier().getValue()).isEqualTo("PL-C1");
        assertThat(((ORR_O02) reply).getMSA().getAcknowledgmentCode().getValue()).isEqualTo("AA");
        assertThat(record("PL-C1").status()).isEqualTo(LedgerStatus.CANCELED);

        // past several retry intervals, nothing was created; a resend of the order is refused, not created
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10)).until(() -> sim.orderCount() == 0);
        ACK resent = (ACK) send(nw("M-3", "PL-C1"));
        assertThat(resent.getMSA().getAcknowledgmentCode().getValue()).isEqualTo("AE");
        assertThat(resent.getERR().getUserMessage().getValue()).contains("canceled");
        assertThat(sim.orderCount()).isZero();
    }

    @Test
    void aCancelOfAnOrderSpotHasIsUcWithItsSpotIdAndRepeatsChangeNothing() throws Exception {
        send(nw("M-4", "PL-C2"));
        String spotId = record("PL-C2").spotOrderId();
        Message first = send(cancel("M-5", "DC", "PL-C2"));
        assertThat(orc(first).getOrderControl().getValue()).isEqualTo("UC");
        assertThat(orc(first).getFillerOrderNumber().getEntityIdentifier().getValue()).isEqualTo(spotId);
        assertThat(orc(first).getOrderControlCodeReason().getText().getValue()).contains("operator");
        Message again = send(cancel("M-6", "CA", "PL-C2"));
        assertThat(orc(again).getOrderControl().getValue()).isEqualTo("UC");
        RequestLedger requests = bundle.bean("requestLedger", RequestLedger.class);
        CancelRequest recorded = requests.cancelOf(record("PL-C2").id()).orElseThrow();
        assertThat(recorded.channel()).isEqualTo("mllp");
        assertThat(recorded.requestedBy()).isEqualTo("EPIC@GENHOSP");
        assertThat(recorded.state()).isEqualTo(CancelRequest.State.REQUESTED);
        assertThat(requests.takeUnalerted()).hasSize(1);
        assertThat(requests.takeUnalerted()).isEmpty();
    }

    @Test
    void aCancelOrChangeOfAnUnknownOrderIsAeNamingIt() throws Exception {
        ACK cancel = (ACK) send(cancel("M-7", "CA", "PL-NONE"));
        assertThat(cancel.getMSA().getAcknowledgmentCode().getValue()).isEqualTo("AE");
        assertThat(cancel.getERR().getHL7ErrorCode().getIdentifier().getValue()).isEqualTo("204");
        assertThat(cancel.getERR().getUserMessage().getValue()).contains("PL-NONE");
        ACK change = (ACK) send(order("M-8", "XO", "PL-NONE", "1234567893^Chen^Lisa", "123 Main St"));
        assertThat(change.getMSA().getAcknowledgmentCode().getValue()).isEqualTo("AE");
        assertThat(change.getERR().getUserMessage().getValue()).contains("PL-NONE");
    }

    @Test
    void xoBeforeCreationReplacesTheOrderAndAfterItIsXxOrUxNamingEachField() throws Exception {
        sim.faults().setErrorRate(1.0); // Spot down: the order is kept as failed
        send(nw("M-9", "PL-X1"));
        Message replaced = await().atMost(Duration.ofSeconds(20)).until(() -> send(order("M-10", "XO", "PL-X1",
                "1234567893^Chen^Lisa", "9 Elm St")), r -> r instanceof ORR_O02);
        assertThat(orc(replaced).getOrderControl().getValue()).isEqualTo("XX");
        assertThat(orc(replaced).getFillerOrderNumber().getEntityIdentifier().getValue()).isNull();
        sim.faults().setErrorRate(0);
        // order-retry creates the changed order once Spot is back
        await().atMost(Duration.ofSeconds(20)).until(() -> record("PL-X1").spotOrderId() != null);
        String spotId = record("PL-X1").spotOrderId();
        SpotClient spot = bundle.bean("spotClient", SpotClient.class);
        assertThat(spot.retrieveOrder(spotId).recipient().address().street1()).isEqualTo("9 Elm St");

        Message provider = send(order("M-11", "XO", "PL-X1", "1245319599^Wilson^James", "9 Elm St"));
        assertThat(orc(provider).getOrderControl().getValue()).isEqualTo("XX");
        assertThat(spot.retrieveOrder(spotId).metadata()).containsEntry("ordering_provider_id", "1245319599");

        Message refused = send(order("M-12", "XO", "PL-X1", "1245319599^Wilson^James", "10 Oak St"));
        assertThat(orc(refused).getOrderControl().getValue()).isEqualTo("UX");
        assertThat(((ORR_O02) refused).getERRAll()).extracting(e -> e.getUserMessage().getValue())
                .anySatisfy(t -> assertThat(t).contains("recipient.address.street1"));
        assertThat(((ORR_O02) refused).getERRAll()).extracting(e -> e.getUserMessage().getValue())
                .allSatisfy(t -> assertThat(t).doesNotContain("10 Oak St"));
        assertThat(spot.retrieveOrder(spotId).recipient().address().street1()).isEqualTo("9 Elm St");
        assertThat(sim.orderCount()).isEqualTo(1);
    }
}
