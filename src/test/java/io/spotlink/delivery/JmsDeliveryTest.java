package io.spotlink.delivery;

import io.spotlink.sim.SpotSimulator;
import io.spotlink.spot.SpotJson;
import io.spotlink.support.Orders;
import io.spotlink.support.RunningBundle;
import io.spotlink.support.Simulators;
import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** oru-deliver-jms: ORUs on a JMS queue of the embedded broker, read by an outside client. */
class JmsDeliveryTest {

    @TempDir
    Path dir;

    @Test
    void orusArriveOnTheQueueWithTheirControlIdAsCorrelationId() throws Exception {
        try (SpotSimulator sim = Simulators.start();
             RunningBundle bundle = RunningBundle.start(dir, sim.baseUrl(), Simulators.API_KEY, Map.of(
                     "spotlink.results.poll-interval", "200ms", "spotlink.results.poll-delay", "0",
                     "spotlink.deliver.interval", "100ms", "spotlink.deliver.file.enabled", "false",
                     "spotlink.deliver.jms.enabled", "true"))) {
            assertThat(bundle.post("/orders", SpotJson.mapper().writeValueAsString(Orders.valid("Q-1")))
                    .statusCode()).isEqualTo(201);
            try (Connection connection = bundle.jmsClient().createConnection()) {
                connection.start();
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                try (MessageConsumer consumer = session.createConsumer(session.createQueue("spotlink.oru"))) {
                    TextMessage oru = (TextMessage) consumer.receive(60_000);
                    assertThat(oru).isNotNull();
                    assertThat(oru.getText()).startsWith("MSH|^~\\&|SPOTLINK|").contains("ORU^R01^ORU_R01");
                    assertThat(oru.getJMSCorrelationID()).isEqualTo(OruMessages.controlId(oru.getText()));
                }
            }
        }
    }
}
