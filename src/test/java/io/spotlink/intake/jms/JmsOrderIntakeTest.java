package io.spotlink.intake.jms;

import com.fasterxml.jackson.databind.JsonNode;
import io.spotlink.ledger.LedgerStatus;
import io.spotlink.ledger.OrderLedger;
import io.spotlink.sim.SpotSimulator;
import io.spotlink.spot.SpotJson;
import io.spotlink.support.Orders;
import io.spotlink.support.RunningBundle;
import io.spotlink.support.Simulators;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** order-intake-jms against the embedded Artemis broker, from an outside JMS client over TCP on 127.0.0.1. */
class JmsOrderIntakeTest {

    @TempDir
    Path dir;
    private SpotSimulator sim;
    private RunningBundle bundle;
    private Connection connection;
    private Session session;

    @BeforeEach
    void start() throws Exception {
        sim = Simulators.start();
        bundle = RunningBundle.start(dir, sim.baseUrl(), Simulators.API_KEY, Map.of(
                "spotlink.results.poll-enabled", "false"));
        connection = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + bundle.setting("spotlink.jms.embedded.port"))
                .createConnection();
        connection.start();
        session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    @AfterEach
    void stop() throws Exception {
        connection.close();
        bundle.close();
        sim.close();
    }

    private TextMessage send(String body, TemporaryQueue replyTo) throws Exception {
        MessageProducer producer = session.createProducer(session.createQueue("spotlink.orders"));
        TextMessage message = session.createTextMessage(body);
        if (replyTo != null) {
            message.setJMSReplyTo(replyTo);
        }
        producer.send(message);
        return message;
    }

    private static JsonNode json(Message message) throws Exception {
        return SpotJson.mapper().readTree(((TextMessage) message).getText());
    }

    private Message receive(Queue queue) throws Exception {
        try (MessageConsumer consumer = session.createConsumer(queue)) {
            return consumer.receive(Duration.ofSeconds(60).toMillis());
        }
    }

    @Test
    void anOrderIsRecordedAndTheReplyCarriesItsSpotOrderId() throws Exception {
        TemporaryQueue replies = session.createTemporaryQueue();
        send(SpotJson.mapper().writeValueAsString(Orders.valid("J-1")), replies);
        JsonNode reply = json(receive(replies));
        assertThat(reply.path("outcome").asText()).isEqualTo("created");
        assertThat(reply.path("spot_order_id").asText()).matches("O\\d{7}");
        assertThat(bundle.bean("orderLedger", OrderLedger.class).findBySource("EPIC-TEST", "J-1").orElseThrow()
                .spotOrderId()).isEqualTo(reply.path("spot_order_id").asText());
    }

    @Test
    void aBadOrderIsRepliedToAndDeadLetteredWithItsReasonsAndOriginalBody() throws Exception {
        TemporaryQueue replies = session.createTemporaryQueue();
        String bad = SpotJson.mapper().writeValueAsString(Orders.valid("J-2")).replace("\"US\"", "\"XX\"");
        send(bad, replies);
        JsonNode reply = json(receive(replies));
        assertThat(reply.path("outcome").asText()).isEqualTo("rejected");
        assertThat(reply.path("errors").get(0).path("field").asText()).isEqualTo("recipient.address.country");

        Message dead = receive(session.createQueue("spotlink.orders.DLQ"));
        assertThat(((TextMessage) dead).getText()).isEqualTo(bad);
        assertThat(dead.getStringProperty("SpotlinkFailureErrors")).contains("recipient.address.country: must be US or CA");
        assertThat(dead.getStringProperty("SpotlinkFailureReason")).isNotBlank();
        assertThat(sim.orderCount()).isZero();
    }

    @Test
    void aSpotOutageRollsBackAndTheRedeliveryCreatesTheOrderOnce() throws Exception {
        sim.faults().setErrorRate(1.0);
        send(SpotJson.mapper().writeValueAsString(Orders.valid("J-3")), null);
        OrderLedger ledger = bundle.bean("orderLedger", OrderLedger.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> ledger.findBySource("EPIC-TEST", "J-3")
                .map(r -> r.status() == LedgerStatus.FAILED).orElse(false));
        sim.faults().setErrorRate(0.0);
        await().atMost(Duration.ofSeconds(30)).until(() -> ledger.findBySource("EPIC-TEST", "J-3").orElseThrow()
                .status() == LedgerStatus.SUBMITTED);
        assertThat(ledger.findBySource("EPIC-TEST", "J-3").orElseThrow().attempts()).isEqualTo(2);
        assertThat(sim.orderCount()).isEqualTo(1);
    }

    @Test
    void theLastFailedDeliveryGoesToTheDeadLetterQueueWithTheReason() throws Exception {
        sim.faults().setErrorRate(1.0);
        String order = SpotJson.mapper().writeValueAsString(Orders.valid("J-4"));
        send(order, null);
        Message dead = receive(session.createQueue("spotlink.orders.DLQ"));
        assertThat(dead).isNotNull();
        assertThat(((TextMessage) dead).getText()).isEqualTo(order);
        assertThat(dead.getStringProperty("SpotlinkFailureReason")).startsWith("not submitted after 3 deliveries");
        assertThat(bundle.bean("orderLedger", OrderLedger.class).findBySource("EPIC-TEST", "J-4").orElseThrow()
                .status()).as("kept for order-retry").isEqualTo(LedgerStatus.FAILED);
    }
}
