package io.spotlink.phi;

import io.spotlink.demo.MllpEhrListener;
import io.spotlink.delivery.DeliveryLedger;
import io.spotlink.delivery.DeliveryStatus;
import io.spotlink.sim.SpotSimulator;
import io.spotlink.spot.SpotJson;
import io.spotlink.support.LogCapture;
import io.spotlink.support.Orders;
import io.spotlink.support.RunningBundle;
import io.spotlink.support.Simulators;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.spotlink.ledger.OrderLedger;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A whole run at DEBUG: an order in (and a bad one), results out over file and MLLP, a Spot outage, a NACK. Not one
 * log line may carry the patient's data or the API key.
 */
class NoPhiInLogsTest {

    @TempDir
    Path dir;

    /** The same patient through every other intake channel, one order each, and a bad ORM. */
    private static void viaJmsFileAndMllp(RunningBundle bundle, String order) throws Exception {
        try (jakarta.jms.Connection connection = bundle.jmsClient().createConnection()) {
            jakarta.jms.Session session = connection.createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE);
            session.createProducer(session.createQueue("spotlink.orders"))
                    .send(session.createTextMessage(order.replace("\"PHI-1\"", "\"PHI-4\"")));
        }
        Path inbox = java.nio.file.Files.createDirectories(Path.of(bundle.setting("spotlink.intake.file.directory")));
        java.nio.file.Files.writeString(inbox.resolve(".tmp"), order.replace("\"PHI-1\"", "\"PHI-5\""));
        java.nio.file.Files.move(inbox.resolve(".tmp"), inbox.resolve("phi.json"));
        String orm = String.join("\r",
                "MSH|^~\\&|EPIC|GEN|SPOTLINK|SPOT|20261122120000||ORM^O01^ORM_O01|PHI-MSG|P|2.5.1",
                "PID|1||MRN-PHI^^^GEN^MR||" + Orders.LAST + "^" + Orders.FIRST + "||19840719|F|||" + Orders.STREET
                        + "^^San Francisco^CA^94105^USA||^PRN^PH^^1^415^5550187~^NET^Internet^" + Orders.EMAIL,
                "ORC|NW|PHI-6", "OBR|1|PHI-6||LIPID") + "\r";
        int port = Integer.parseInt(bundle.setting("spotlink.intake.mllp.port"));
        assertThat(new String(io.spotlink.support.MllpClient.send(port, orm.getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8)).contains("MSA|AA");
        assertThat(new String(io.spotlink.support.MllpClient.send(port, orm.replace("19840719", "19849999")
                .replace("PHI-6", "PHI-7").getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8)).contains("MSA|AE");
        OrderLedger ledger = bundle.bean("orderLedger", OrderLedger.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> ledger.findBySource("EPIC-TEST", "PHI-4").isPresent()
                && ledger.findBySource("EPIC-TEST", "PHI-5").isPresent());
    }

    @Test
    void noLogLineCarriesPatientDataOrTheApiKey() throws Exception {
        List<String> lines;
        try (LogCapture logs = LogCapture.atDebug();
             MllpEhrListener ehr = MllpEhrListener.start(0);
             SpotSimulator sim = Simulators.start("sim.amendment-rate", "1.0")) {
            ehr.script(MllpEhrListener.Behaviour.APPLICATION_ERROR);
            try (RunningBundle bundle = RunningBundle.start(dir, sim.baseUrl(), Simulators.API_KEY, Map.of(
                    "spotlink.results.poll-interval", "200ms", "spotlink.results.poll-delay", "0",
                    "spotlink.deliver.interval", "100ms", "spotlink.deliver.initial-delay", "50ms",
                    "spotlink.deliver.file.directory", dir.resolve("outbox").toString(),
                    "spotlink.deliver.mllp.enabled", "true",
                    "spotlink.deliver.mllp.port", Integer.toString(ehr.port())))) {
                String order = SpotJson.mapper().writeValueAsString(Orders.valid("PHI-1"));
                assertThat(bundle.post("/orders", order).statusCode()).isEqualTo(201);
                String bad = order.replace("\"PHI-1\"", "\"PHI-2\"").replace("\"US\"", "\"XX\"");
                assertThat(bundle.post("/orders", bad).statusCode()).isEqualTo(400);
                sim.faults().setErrorRate(1.0);
                assertThat(bundle.post("/orders", order.replace("\"PHI-1\"", "\"PHI-3\"")).statusCode())
                        .isEqualTo(503);
                sim.faults().setErrorRate(0.0);
                viaJmsFileAndMllp(bundle, order);

                DeliveryLedger deliveries = bundle.bean("deliveryLedger", DeliveryLedger.class);
                await().atMost(Duration.ofSeconds(60)).until(() ->
                        deliveries.list(DeliveryStatus.DELIVERED, 100).stream().anyMatch(d -> d.destination().equals("file"))
                                && deliveries.list(DeliveryStatus.FAILED, 100).size() == 1);
            }
            lines = logs.lines();
        }
        assertThat(lines).as("the run logged something").hasSizeGreaterThan(20);
        List<String> secrets = List.of(Orders.FIRST, Orders.LAST, Orders.EMAIL, Orders.PHONE, "555-0187",
                Orders.STREET, Orders.BIRTH_DATE, "19840719", Simulators.API_KEY);
        for (String secret : secrets) {
            assertThat(lines).as("log lines containing " + secret).noneMatch(line -> line.contains(secret));
        }
    }
}
