package io.spotlink.cancel;

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
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Cancel requests on JMS (the embedded broker, a client over TCP) and in order files (CSV and JSON), against the
 * simulator over HTTP; and the resubmission paths of both channels skipping a canceled order.
 */
class CancelJmsAndFileTest {

    private static final Duration BOUND = Duration.ofSeconds(30);

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
                "spotlink.results.poll-enabled", "false", "spotlink.intake.jms.redelivery-delay", "100ms",
                // order-retry out of the way: these tests cancel failed orders without racing it
                "spotlink.intake.retry.interval", "1h"));
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

    private String create(String id) throws Exception {
        var created = bundle.post("/orders", SpotJson.mapper().writeValueAsString(Orders.valid(id)));
        assertThat(created.statusCode()).isEqualTo(201);
        return SpotJson.mapper().readTree(created.body()).path("spot_order_id").asText();
    }

    private void keepFailed(String id) throws Exception {
        sim.faults().setErrorRate(1.0);
        assertThat(bundle.post("/orders", SpotJson.mapper().writeValueAsString(Orders.valid(id))).statusCode())
                .isEqualTo(503);
        sim.faults().setErrorRate(0);
    }

    private JsonNode sendAndReply(TextMessage message) throws Exception {
        TemporaryQueue replies = session.createTemporaryQueue();
        message.setJMSReplyTo(replies);
        session.createProducer(session.createQueue("spotlink.orders")).send(message);
        try (MessageConsumer consumer = session.createConsumer(replies)) {
            Message reply = consumer.receive(BOUND.toMillis());
            assertThat(reply).as("a reply").isNotNull();
            return SpotJson.mapper().readTree(((TextMessage) reply).getText());
        }
    }

    private Message deadLetter() throws Exception {
        Queue dlq = session.createQueue("spotlink.orders.DLQ");
        try (MessageConsumer consumer = session.createConsumer(dlq)) {
            Message dead = consumer.receive(BOUND.toMillis());
            assertThat(dead).as("a message on the dead-letter queue").isNotNull();
            return dead;
        }
    }

    @Test
    void aJmsCancelIsRecordedOnceAndAnUnknownOrderIsDeadLettered() throws Exception {
        String spotId = create("JC-1");
        JsonNode first = sendAndReply(session.createTextMessage("{\"action\":\"cancel\",\"source_system\":"
                + "\"EPIC-TEST\",\"source_order_id\":\"JC-1\",\"requested_by\":\"lab-17\"}"));
        assertThat(first.path("outcome").asText()).isEqualTo("cancel_requested");
        assertThat(first.path("spot_order_id").asText()).isEqualTo(spotId);
        // the same cancel by header: nothing changes, the first request stays as it was
        TextMessage byHeader = session.createTextMessage("{\"source_system\":\"EPIC-TEST\",\"source_order_id\":"
                + "\"JC-1\"}");
        byHeader.setStringProperty("SpotlinkAction", "cancel");
        assertThat(sendAndReply(byHeader).path("outcome").asText()).isEqualTo("cancel_requested");
        RequestLedger requests = bundle.bean("requestLedger", RequestLedger.class);
        long orderId = bundle.bean("orderLedger", OrderLedger.class).findBySource("EPIC-TEST", "JC-1").orElseThrow()
                .id();
        CancelRequest recorded = requests.cancelOf(orderId).orElseThrow();
        assertThat(recorded.channel()).isEqualTo("jms");
        assertThat(recorded.requestedBy()).isEqualTo("lab-17");
        assertThat(requests.takeUnalerted()).extracting(RequestLedger.PendingAlert::spotOrderId)
                .containsExactly(spotId);

        JsonNode unknown = sendAndReply(session.createTextMessage("{\"action\":\"cancel\",\"source_order_id\":"
                + "\"JC-NONE\"}"));
        assertThat(unknown.path("outcome").asText()).isEqualTo("unknown");
        Message dead = deadLetter();
        assertThat(dead.getStringProperty("SpotlinkFailureReason")).contains("JC-NONE").contains("not known");
    }

    @Test
    void aJmsCancelOfAFailedOrderCancelsItAndAJmsResendIsNotCreated() throws Exception {
        keepFailed("JC-2");
        JsonNode reply = sendAndReply(session.createTextMessage("{\"action\":\"cancel\",\"source_system\":"
                + "\"EPIC-TEST\",\"source_order_id\":\"JC-2\"}"));
        assertThat(reply.path("outcome").asText()).isEqualTo("canceled");
        JsonNode resent = sendAndReply(session.createTextMessage(SpotJson.mapper().writeValueAsString(
                Orders.valid("JC-2"))));
        assertThat(resent.path("outcome").asText()).isEqualTo("canceled");
        assertThat(deadLetter().getStringProperty("SpotlinkFailureErrors")).contains("canceled");
        assertThat(bundle.bean("orderLedger", OrderLedger.class).findBySource("EPIC-TEST", "JC-2").orElseThrow()
                .status()).isEqualTo(LedgerStatus.CANCELED);
        assertThat(sim.orderCount()).isZero();
    }

    @Test
    void fileRowsWithActionCancelAreAckedAndAnUnknownOneIsNamedInTheErrorsFile() throws Exception {
        String spotId = create("FC-1");
        keepFailed("FC-2");
        Path inbox = Path.of(bundle.setting("spotlink.intake.file.directory"));
        drop(inbox, "cancels.csv", "action,source_system,source_order_id,requested_by\n"
                + "cancel,EPIC-TEST,FC-1,ward-3\ncancel,EPIC-TEST,FC-2,ward-3\ncancel,EPIC-TEST,FC-NONE,ward-3\n");
        Path errors = inbox.resolve(".error").resolve("cancels.csv.errors.json");
        Path ack = inbox.resolve(".ack").resolve("cancels.csv.ack.json");
        // both reports are written row by row and end with the file's summary: read them once it is there
        await().atMost(BOUND).until(() -> finished(errors) && finished(ack));
        String acked = Files.readString(ack, StandardCharsets.UTF_8);
        assertThat(acked).contains("cancel_requested").contains(spotId).contains("\"canceled\"");
        JsonNode summary = SpotJson.mapper().readTree(acked).path("summary");
        assertThat(summary.path("canceled").asInt()).as("the two recorded cancels are counted").isEqualTo(2);
        assertThat(summary.path("not_accepted").asInt()).isEqualTo(1);
        assertThat(summary.path("message").asText()).isEqualTo("2 of 3 row(s) accepted: 0 created, 0 already "
                + "submitted, 2 cancel(s) recorded, 1 not accepted");
        assertThat(Files.readString(errors, StandardCharsets.UTF_8)).contains("FC-NONE").contains("not known")
                .doesNotContain("FC-1\"");
        OrderLedger ledger = bundle.bean("orderLedger", OrderLedger.class);
        assertThat(ledger.findBySource("EPIC-TEST", "FC-2").orElseThrow().status()).isEqualTo(LedgerStatus.CANCELED);

        // the canceled order dropped again is not created; a JSON cancel of a created order is accepted
        String fc3 = create("FC-3");
        drop(inbox, "again.json", "[" + SpotJson.mapper().writeValueAsString(Orders.valid("FC-2"))
                + ",{\"action\":\"cancel\",\"source_system\":\"EPIC-TEST\",\"source_order_id\":\"FC-3\"}]");
        Path againErrors = inbox.resolve(".error").resolve("again.json.errors.json");
        await().atMost(BOUND).until(() -> finished(againErrors)
                && finished(inbox.resolve(".ack").resolve("again.json.ack.json")));
        assertThat(Files.readString(againErrors, StandardCharsets.UTF_8)).contains("order_canceled")
                .contains("was canceled at the hospital's request");
        assertThat(Files.readString(inbox.resolve(".ack").resolve("again.json.ack.json"), StandardCharsets.UTF_8))
                .contains(fc3).contains("cancel_requested");
        assertThat(sim.orderIdsWithMetadata("source_order_id", "FC-2")).isEmpty();
        assertThat(sim.orderCount()).isEqualTo(2);
    }

    /** The report is whole: it parses, and ends with the file's summary. */
    private static boolean finished(Path report) {
        try {
            return Files.exists(report) && SpotJson.mapper().readTree(report.toFile()).has("summary");
        } catch (java.io.IOException stillBeingWritten) {
            return false;
        }
    }

    private static void drop(Path inbox, String name, String content) throws Exception {
        Files.createDirectories(inbox);
        Path temp = inbox.resolve(".tmp-" + name);
        Files.writeString(temp, content, StandardCharsets.UTF_8);
        Files.move(temp, inbox.resolve(name));
    }
}
