package io.spotlink.intake.jms;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import io.spotlink.ledger.LedgerStatus;
import io.spotlink.ledger.OrderLedger;
import io.spotlink.sim.SpotSimulator;
import io.spotlink.spot.SpotJson;
import io.spotlink.support.LogCapture;
import io.spotlink.support.Orders;
import io.spotlink.support.RunningBundle;
import io.spotlink.support.Simulators;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.StreamMessage;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

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
                "spotlink.results.poll-enabled", "false", "spotlink.intake.jms.redelivery-delay", "100ms"));
        connection = bundle.jmsClient().createConnection();
        connection.start();
        session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    @AfterEach
    void stop() throws Exception {
        connection.close();
        bundle.close();
        sim.close();
    }

    private <M extends Message> M send(M message, TemporaryQueue replyTo) throws Exception {
        if (replyTo != null) {
            message.setJMSReplyTo(replyTo);
        }
        session.createProducer(session.createQueue("spotlink.orders")).send(message);
        return message;
    }

    private TextMessage send(String body, TemporaryQueue replyTo) throws Exception {
        return send(session.createTextMessage(body), replyTo);
    }

    private static String order(String id) throws Exception {
        return SpotJson.mapper().writeValueAsString(Orders.valid(id));
    }

    private static JsonNode json(Message message) throws Exception {
        return SpotJson.mapper().readTree(((TextMessage) message).getText());
    }

    private Message receive(Queue queue) throws Exception {
        try (MessageConsumer consumer = session.createConsumer(queue)) {
            return consumer.receive(Duration.ofSeconds(60).toMillis());
        }
    }

    private Message deadLetter() throws Exception {
        Message dead = receive(session.createQueue("spotlink.orders.DLQ"));
        assertThat(dead).as("a message on the dead-letter queue").isNotNull();
        return dead;
    }

    private static String reason(Message dead) throws Exception {
        return dead.getStringProperty("SpotlinkFailureReason") + " " + dead.getStringProperty("SpotlinkFailureErrors");
    }

    @Test
    void anOrderIsRecordedAndTheReplyCarriesItsSpotOrderId() throws Exception {
        TemporaryQueue replies = session.createTemporaryQueue();
        send(order("J-1"), replies);
        JsonNode reply = json(receive(replies));
        assertThat(reply.path("outcome").asText()).isEqualTo("created");
        assertThat(reply.path("spot_order_id").asText()).matches("O\\d{7}");
        assertThat(bundle.bean("orderLedger", OrderLedger.class).findBySource("EPIC-TEST", "J-1").orElseThrow()
                .spotOrderId()).isEqualTo(reply.path("spot_order_id").asText());
    }

    @Test
    void aBadOrderIsRepliedToAndDeadLetteredWithItsReasonsAndOriginalBody() throws Exception {
        TemporaryQueue replies = session.createTemporaryQueue();
        String bad = order("J-2").replace("\"US\"", "\"XX\"");
        TextMessage sent = session.createTextMessage(bad);
        sent.setStringProperty("HospitalBatch", "B-7");
        send(sent, replies);
        JsonNode reply = json(receive(replies));
        assertThat(reply.path("outcome").asText()).isEqualTo("rejected");
        assertThat(reply.path("errors").get(0).path("field").asText()).isEqualTo("recipient.address.country");

        Message dead = deadLetter();
        assertThat(((TextMessage) dead).getText()).isEqualTo(bad);
        assertThat(dead.getStringProperty("HospitalBatch")).as("the sender's properties are kept").isEqualTo("B-7");
        assertThat(dead.getStringProperty("SpotlinkOriginalMessageId")).isEqualTo(sent.getJMSMessageID());
        assertThat(dead.getStringProperty("SpotlinkFailureErrors")).contains("recipient.address.country: must be US or CA");
        assertThat(dead.getStringProperty("SpotlinkFailureReason")).isNotBlank();
        assertThat(sim.orderCount()).isZero();
    }

    @Test
    void neitherTheBodyNorTheSendersPropertiesReachTheLogsEvenAtDebug() throws Exception {
        try (LogCapture logs = LogCapture.atDebug()) {
            TextMessage bad = session.createTextMessage(order("J-13").replace("\"US\"", "\"XX\""));
            bad.setStringProperty("PatientName", Orders.LAST);
            send(bad, null);
            deadLetter();
            assertThat(logs.lines()).isNotEmpty().noneMatch(line -> line.contains(Orders.LAST)
                    || line.contains(Orders.EMAIL));
        }
    }

    @Test
    void aSpotOutageRollsBackAndTheRedeliveryCreatesTheOrderOnce() throws Exception {
        sim.faults().setErrorRate(1.0);
        send(order("J-3"), null);
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
        String order = order("J-4");
        send(order, null);
        Message dead = deadLetter();
        assertThat(((TextMessage) dead).getText()).isEqualTo(order);
        assertThat(dead.getStringProperty("SpotlinkFailureReason")).startsWith("not submitted after 3 deliveries");
        assertThat(bundle.bean("orderLedger", OrderLedger.class).findBySource("EPIC-TEST", "J-4").orElseThrow()
                .status()).as("kept for order-retry").isEqualTo(LedgerStatus.FAILED);
    }

    /** Deserialising it would set the flag: the bundle runs in this JVM, so the flag tells. */
    static final class Tripwire implements Serializable {
        static final AtomicBoolean DESERIALISED = new AtomicBoolean();

        private void readObject(ObjectInputStream in) throws Exception {
            in.defaultReadObject();
            DESERIALISED.set(true);
        }
    }

    @Test
    void anObjectMessageIsDeadLetteredWithoutBeingDeserialisedOrItsFileRead() throws Exception {
        Path secretFile = Files.writeString(dir.resolve("environ"), "SPOT_API_KEY=" + Simulators.API_KEY);
        ObjectMessage file = send(session.createObjectMessage(new File(secretFile.toString())), null);
        Message dead = deadLetter();
        assertThat(dead).isInstanceOf(ObjectMessage.class);
        assertThat(dead.getStringProperty("SpotlinkOriginalMessageId")).isEqualTo(file.getJMSMessageID());
        assertThat(reason(dead)).contains("unsupported message type ObjectMessage").doesNotContain(Simulators.API_KEY);
        for (Object name : Collections.list(dead.getPropertyNames())) {
            assertThat(String.valueOf(dead.getObjectProperty(name.toString()))).doesNotContain(Simulators.API_KEY);
        }
        assertThat(((ObjectMessage) dead).getObject()).as("the original object, not the file's content")
                .isEqualTo(new File(secretFile.toString()));

        Tripwire.DESERIALISED.set(false);
        send(session.createObjectMessage(new Tripwire()), null);
        assertThat(reason(deadLetter())).contains("ObjectMessage");
        assertThat(Tripwire.DESERIALISED).as("Spotlink never deserialised the object").isFalse();
        assertThat(sim.orderCount()).isZero();
    }

    @Test
    void streamAndMapMessagesAreDeadLetteredWithTheirTypeAsReason() throws Exception {
        StreamMessage stream = session.createStreamMessage();
        stream.writeString(order("J-5"));
        send(stream, null);
        Message dead = deadLetter();
        assertThat(dead).isInstanceOf(StreamMessage.class);
        assertThat(((StreamMessage) dead).readString()).as("original body kept").isEqualTo(order("J-5"));
        assertThat(reason(dead)).contains("unsupported message type StreamMessage");

        MapMessage map = session.createMapMessage();
        map.setString("source_order_id", "J-6");
        send(map, null);
        Message deadMap = deadLetter();
        assertThat(((MapMessage) deadMap).getString("source_order_id")).isEqualTo("J-6");
        assertThat(reason(deadMap)).contains("unsupported message type MapMessage");

        send(session.createMessage(), null);
        assertThat(reason(deadLetter())).contains("unsupported message type");
        assertThat(sim.orderCount()).isZero();
    }

    @Test
    void bytesAreReadAsUtf8WithOrWithoutAByteOrderMarkAndInvalidUtf8IsRefused() throws Exception {
        TemporaryQueue replies = session.createTemporaryQueue();
        BytesMessage withBom = session.createBytesMessage();
        withBom.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        withBom.writeBytes(order("J-7").replace(Orders.LAST, "Müller").getBytes(StandardCharsets.UTF_8));
        send(withBom, replies);
        assertThat(json(receive(replies)).path("outcome").asText()).isEqualTo("created");

        BytesMessage latin1 = session.createBytesMessage();
        byte[] body = order("J-8").replace(Orders.LAST, "Müller").getBytes(StandardCharsets.ISO_8859_1);
        latin1.writeBytes(body);
        send(latin1, null);
        Message dead = deadLetter();
        assertThat(reason(dead)).contains("not valid UTF-8");
        byte[] kept = new byte[(int) ((BytesMessage) dead).getBodyLength()];
        ((BytesMessage) dead).readBytes(kept);
        assertThat(kept).as("the original bytes, not mangled").isEqualTo(body);
        assertThat(bundle.bean("orderLedger", OrderLedger.class).findBySource("EPIC-TEST", "J-8")).isEmpty();
    }

    @Test
    void aMessageOverTheSizeLimitIsDeadLetteredBeforeItIsParsed() throws Exception {
        String huge = "{\"source_order_id\":\"J-9\",\"note\":\"" + "x".repeat(25 * 1024 * 1024) + "\"}";
        send(huge, null);
        Message dead = deadLetter();
        assertThat(reason(dead)).as("the broker dead-letters it: no client ever decodes the 25 MB text")
                .contains("message too large", "1048576", "dead-lettered by the broker");
        assertThat(((TextMessage) dead).getText()).as("kept whole").hasSize(huge.length());

        // over the limit but within what the broker lets through (2 x max-bytes): Spotlink's exact check
        String over = "{\"source_order_id\":\"J-9b\",\"note\":\"" + "x".repeat(1_050_000) + "\"}";
        send(over, null);
        Message deadToo = deadLetter();
        assertThat(reason(deadToo)).contains("message too large").doesNotContain("by the broker");
        assertThat(((TextMessage) deadToo).getText()).hasSize(over.length());

        BytesMessage bytes = session.createBytesMessage();
        bytes.writeBytes(new byte[1_048_577]);
        send(bytes, null);
        assertThat(reason(deadLetter())).contains("message too large");
    }

    @Test
    void deepNestingTrailingDataAndNonObjectsAreRefusedWithTheFieldErrors() throws Exception {
        send("[".repeat(3000) + "]".repeat(3000), null);
        assertThat(reason(deadLetter())).contains("unreadable order", "deeper than");

        send(order("J-10") + "\n" + order("J-11"), null);
        assertThat(reason(deadLetter())).contains("more data after the JSON value");

        send("42", null);
        assertThat(reason(deadLetter())).contains("must be a JSON object");
        assertThat(sim.orderCount()).isZero();
    }

    @Test
    void anyFailureInTheRouteIsDeadLetteredAfterMaxDeliveriesWithOneWarnLineEachAndNoStackTrace() throws Exception {
        AdviceWith.adviceWith(bundle.context(), "order-submit", route -> route.weaveAddFirst()
                .throwException(new IllegalArgumentException("boom with content Quigglesworth")));
        bundle.context().getRouteController().startRoute("order-submit"); // the supervising controller leaves it
        await().atMost(Duration.ofSeconds(10)).until(() -> bundle.context().getRouteController()
                .getRouteStatus("order-submit").isStarted());
        try (LogCapture logs = LogCapture.atDebug()) {
            String sentId = send(order("J-12"), null).getJMSMessageID();
            Message dead = deadLetter();
            assertThat(dead.getStringProperty("SpotlinkFailureReason"))
                    .isEqualTo("not processed after 3 deliveries: IllegalArgumentException");
            var warnings = logs.events().stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).toList();
            assertThat(warnings).filteredOn(e -> e.getLoggerName().startsWith("io.spotlink.intake.jms"))
                    .extracting(e -> e.getFormattedMessage())
                    .allMatch(line -> line.contains(sentId))
                    .noneMatch(line -> line.contains(Orders.LAST))
                    .hasSize(3); // two rollbacks, one dead letter
            assertThat(warnings).as("no stack trace at WARN or above").allMatch(e -> e.getThrowableProxy() == null);
        }
    }
}
