package io.spotlink.delivery;

import com.zaxxer.hikari.HikariDataSource;
import io.spotlink.demo.MllpEhrListener;
import io.spotlink.demo.MllpEhrListener.Behaviour;
import io.spotlink.intake.hl7.GuardedMllpComponent;
import io.spotlink.ledger.LedgerDatabase;
import io.spotlink.support.YamlRoutes;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The oru-deliver-mllp route and the dispatcher against a real MLLP peer on a loopback socket. */
class DeliveryDispatcherMllpTest {

    private static final String ORU = "MSH|^~\\&|SPOTLINK|SPOT|EHR|HOSP|20260101120000||ORU^R01^ORU_R01|PENDING|P|2.5.1"
            + "|||||||UNICODE UTF-8\rPID|1||MRN1^^^HOSP^MR\rOBR|1|PLACER1|O1234567|HDL\r"
            + "OBX|1|NM|2085-9^HDL^LN||123|mg/dL^mg/dL^UCUM|20-200|N|||F\r";

    @TempDir
    Path dir;
    private HikariDataSource dataSource;
    private DefaultCamelContext camel;
    private MllpEhrListener ehr;
    private DeliveryLedger ledger;
    private DeliveryDispatcher dispatcher;

    @BeforeEach
    void start() throws Exception {
        ehr = MllpEhrListener.start(0);
        dataSource = LedgerDatabase.open("jdbc:h2:file:" + dir.resolve("ledger"), "sa", "", 4);
        ledger = new DeliveryLedger(dataSource, Clock.systemUTC(), Duration.ofMinutes(2));
        camel = new DefaultCamelContext();
        Properties props = new Properties();
        props.put("spotlink.deliver.mllp.enabled", "true");
        props.put("spotlink.deliver.mllp.host", "127.0.0.1");
        props.put("spotlink.deliver.mllp.port", Integer.toString(ehr.port()));
        props.put("spotlink.deliver.mllp.connect-timeout", "2000");
        props.put("spotlink.deliver.mllp.ack-timeout", "500");
        props.put("camel.component.mllp.log-phi", "false");
        camel.getPropertiesComponent().setInitialProperties(props);
        camel.getRegistry().bind("mllp", new GuardedMllpComponent()); // as IntakeChannelsConfiguration binds it
        YamlRoutes.load(camel, "errors-to-caller.yaml", "oru-deliver-mllp.yaml");
        YamlRoutes.bindDestinations(camel);
        camel.start();
        dispatcher = new DeliveryDispatcher(camel, ledger,
                new DeliveryPolicy(3, Duration.ZERO, Duration.ZERO, 10), List.of("mllp"), "SL");
    }

    @AfterEach
    void stop() throws Exception {
        camel.stop();
        ehr.close();
        dataSource.close();
    }

    private Delivery queue(String reportId, String patient) {
        return ledger.enqueue(reportId, 'F', "O1234567", "SPOT123456", patient, "mllp", ORU, null).orElseThrow();
    }

    private Delivery reload(Delivery d) {
        return ledger.find(d.id()).orElseThrow();
    }

    @Test
    void anAcceptedMessageIsRecordedWithItsAckAndControlId() {
        Delivery d = queue("R1", "p1");
        assertThat(dispatcher.dispatchDue()).isEqualTo(1);
        Delivery done = reload(d);
        assertThat(done.status()).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(done.ackCode()).isEqualTo("AA");
        assertThat(done.controlId()).isEqualTo("SL" + d.id() + "-1");
        assertThat(ehr.received()).hasSize(1);
        assertThat(OruMessages.controlId(ehr.received().get(0))).isEqualTo(done.controlId());
        assertThat(dispatcher.dispatchDue()).as("delivered once").isZero();
        assertThat(ehr.received()).hasSize(1);
    }

    @Test
    void anApplicationErrorIsParkedWithTheEhrsTextAndCanBeReplayed() {
        ehr.script(Behaviour.APPLICATION_ERROR);
        Delivery d = queue("R2", "p2");
        dispatcher.dispatchDue();
        Delivery parked = reload(d);
        assertThat(parked.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(parked.ackCode()).isEqualTo("AE");
        assertThat(parked.ackText()).contains("Patient not found in EHR | check MRN");
        assertThat(ledger.list(DeliveryStatus.FAILED, 10)).extracting(Delivery::id).containsExactly(d.id());

        assertThat(ledger.replay(d.id())).isTrue();
        dispatcher.dispatchDue();
        assertThat(reload(d).status()).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(ehr.received()).hasSize(2);
        assertThat(OruMessages.controlId(ehr.received().get(1))).as("a resend has its own control id")
                .isNotEqualTo(OruMessages.controlId(ehr.received().get(0)));
    }

    @Test
    void aTimeoutIsRetriedOnAFreshConnection() {
        ehr.script(Behaviour.NO_ANSWER);
        Delivery d = queue("R3", "p3");
        dispatcher.dispatchDue();
        Delivery retrying = reload(d);
        assertThat(retrying.status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(retrying.lastError()).contains("Timeout");
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            dispatcher.dispatchDue();
            return reload(d).status() == DeliveryStatus.DELIVERED;
        });
        assertThat(ehr.connections()).isGreaterThanOrEqualTo(2);
        // the timed-out attempt counts; on a loaded machine the retry may time out too before one is answered
        assertThat(reload(d).attempts()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aDroppedConnectionIsRetriedUntilAcknowledged() {
        ehr.script(Behaviour.DROP);
        Delivery d = queue("R4", "p4");
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            dispatcher.dispatchDue();
            return reload(d).status() == DeliveryStatus.DELIVERED;
        });
        assertThat(ehr.received()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(ehr.connections()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aConnectionDroppedBeforeTheAckIsResentWithANewControlIdAsItsOwnAttempt() {
        ehr.script(Behaviour.DROP);
        Delivery d = queue("R4b", "p4b");
        dispatcher.dispatchDue();
        Delivery retrying = reload(d);
        assertThat(retrying.status()).as("the drop fails the attempt").isEqualTo(DeliveryStatus.PENDING);
        assertThat(retrying.attempts()).isEqualTo(1);
        assertThat(ehr.received()).as("camel-mllp did not resend it within the attempt").hasSize(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            dispatcher.dispatchDue();
            return reload(d).status() == DeliveryStatus.DELIVERED;
        });
        Delivery done = reload(d);
        assertThat(done.attempts()).as("each send is its own attempt").isEqualTo(2);
        assertThat(done.controlId()).isEqualTo("SL" + d.id() + "-2");
        assertThat(ehr.received()).hasSize(2);
        assertThat(ehr.received().stream().map(OruMessages::controlId).toList())
                .containsExactly("SL" + d.id() + "-1", "SL" + d.id() + "-2");
    }

    @Test
    void aRejectIsRetriedWithItsTextKept() {
        ehr.script(Behaviour.APPLICATION_REJECT);
        Delivery d = queue("R8", "p8");
        dispatcher.dispatchDue();
        Delivery retrying = reload(d);
        assertThat(retrying.status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(retrying.ackCode()).isEqualTo("AR");
        assertThat(retrying.ackText()).contains("EHR interface paused");
        dispatcher.dispatchDue();
        assertThat(reload(d).status()).isEqualTo(DeliveryStatus.DELIVERED);
    }

    @Test
    void anAckForAnotherControlIdIsNotAnAck() {
        ehr.script(Behaviour.WRONG_CONTROL_ID);
        Delivery d = queue("R9", "p9");
        dispatcher.dispatchDue();
        Delivery retrying = reload(d);
        assertThat(retrying.status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(retrying.lastError()).contains("ACK for control id SOMEONE-ELSE, expected SL" + d.id() + "-1");
    }

    @Test
    void theLastFailedAttemptParksTheDelivery() {
        ehr.script(Behaviour.APPLICATION_REJECT, Behaviour.APPLICATION_REJECT, Behaviour.APPLICATION_REJECT);
        Delivery d = queue("R10", "p10");
        for (int i = 0; i < 3; i++) {
            dispatcher.dispatchDue();
        }
        Delivery parked = reload(d);
        assertThat(parked.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(parked.attempts()).isEqualTo(3);
        assertThat(parked.lastError()).contains("after 3 attempts");
        assertThat(dispatcher.dispatchDue()).as("parked stays parked").isZero();
    }

    @Test
    void aPatientsMessagesKeepTheirOrder() {
        ehr.script(Behaviour.APPLICATION_REJECT);
        Delivery first = queue("R5", "same-patient");
        Delivery second = queue("R6", "same-patient");
        Delivery other = queue("R7", "other-patient");
        dispatcher.dispatchDue();
        assertThat(reload(first).status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(reload(second).status()).as("waits behind the first").isEqualTo(DeliveryStatus.PENDING);
        assertThat(reload(second).attempts()).isZero();
        assertThat(reload(other).status()).isEqualTo(DeliveryStatus.DELIVERED);
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            dispatcher.dispatchDue();
            return reload(second).status() == DeliveryStatus.DELIVERED;
        });
        List<String> order = ehr.received().stream().map(OruMessages::controlId).toList();
        assertThat(order.indexOf(reload(first).controlId())).isLessThan(order.indexOf(reload(second).controlId()));
    }
}
