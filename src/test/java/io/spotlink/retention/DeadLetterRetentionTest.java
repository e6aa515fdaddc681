package io.spotlink.retention;

import io.spotlink.intake.jms.EmbeddedBroker;
import io.spotlink.intake.jms.JmsCredentials;
import io.spotlink.sim.MutableClock;
import io.spotlink.support.FreePort;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.Session;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The JMS intake's dead-letter queue on the embedded Artemis broker, pruned by JMSTimestamp. */
class DeadLetterRetentionTest {

    private static final String INTAKE = "spotlink.orders";
    private static final String DLQ = "spotlink.orders.DLQ";

    @TempDir
    Path dir;
    private EmbeddedBroker broker;
    private ActiveMQConnectionFactory client;
    private MutableClock clock;

    @BeforeEach
    void start() throws Exception {
        JmsCredentials login = new JmsCredentials("spotlink", "test-password-1");
        broker = new EmbeddedBroker(new EmbeddedBroker.Options(dir.resolve("artemis"), FreePort.find(), INTAKE, DLQ, 5,
                Duration.ofSeconds(1)), login);
        broker.start();
        client = new ActiveMQConnectionFactory(broker.url(), login.username(), login.password());
        clock = new MutableClock(Instant.now());
        try (Connection c = client.createConnection(); Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            var dlq = s.createProducer(s.createQueue(DLQ));
            dlq.send(s.createTextMessage("{\"recipient\":{\"first_name\":\"Anna\"}}"));
            BytesMessage bytes = s.createBytesMessage();
            bytes.writeBytes("{\"patient\":{\"mrn\":\"MRN-9\"}}".getBytes(StandardCharsets.UTF_8));
            dlq.send(bytes);
            dlq.send(s.createTextMessage("third"));
            s.createProducer(s.createQueue(INTAKE)).send(s.createTextMessage("an order not yet read"));
        }
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        broker.stop();
    }

    private int depth(String queue) throws Exception {
        try (Connection c = client.createConnection(); Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            c.start();
            return Collections.list(s.createBrowser(s.createQueue(queue)).getEnumeration()).size();
        }
    }

    private RetentionPruner pruner(int contentDays, int batch, Path archive) {
        return new RetentionPruner(List.of(new RetentionPruner.Retained(
                new DeadLetterRetention(client, DLQ, new PruneArchive(archive, clock)),
                new RetentionClocks(contentDays, 0))), batch, clock, new RetentionMeters(null));
    }

    @Test
    void deadLettersOlderThanContentDaysAreArchivedThenRemovedInBatches() throws Exception {
        Path archive = dir.resolve("archive");
        clock.advance(Duration.ofDays(29));
        assertThat(WholePass.of(pruner(30, 2, archive)).pruned("dead-letters", "content")).isZero();
        assertThat(depth(DLQ)).isEqualTo(3);

        clock.advance(Duration.ofDays(2));
        RetentionPruner.Pass pass = WholePass.of(pruner(30, 2, archive));
        assertThat(pass.pruned("dead-letters", "content")).isEqualTo(3);
        assertThat(pass.batches("dead-letters", "content")).isEqualTo(2);
        assertThat(depth(DLQ)).isZero();
        assertThat(depth(INTAKE)).isEqualTo(1); // the intake queue is work not done: never touched

        String archived = gunzip(archive.resolve("dead-letters-" + clock.instant().toString().substring(0, 10)
                + ".jsonl.gz"));
        assertThat(archived.lines()).hasSize(3);
        assertThat(archived).contains("Anna").contains("\"type\":\"bytes\"").contains("\"message_id\":\"ID:");
    }

    @Test
    void aFailedOrderWaitsForItsOperatorWhateverItsAge() throws Exception {
        try (Connection c = client.createConnection(); Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            var failed = s.createTextMessage("{\"source_order_id\":\"ORD-7\"}");
            failed.setStringProperty(io.spotlink.intake.jms.JmsDeadLetters.KIND_HEADER,
                    io.spotlink.intake.jms.JmsDeadLetters.FAILED);
            s.createProducer(s.createQueue(DLQ)).send(failed);
        }
        clock.advance(Duration.ofDays(400));
        assertThat(WholePass.of(pruner(30, 500, null)).pruned("dead-letters", "content")).isEqualTo(3);
        try (Connection c = client.createConnection(); Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            c.start();
            var left = Collections.list(s.createBrowser(s.createQueue(DLQ)).getEnumeration());
            assertThat(left).hasSize(1);
            assertThat(((jakarta.jms.Message) left.get(0)).getStringProperty(
                    io.spotlink.intake.jms.JmsDeadLetters.KIND_HEADER)).isEqualTo("failed");
        }
    }

    @Test
    void zeroKeepsEveryDeadLetter() throws Exception {
        clock.advance(Duration.ofDays(5000));
        assertThat(WholePass.of(pruner(0, 500, null)).pruned()).isEmpty();
        assertThat(depth(DLQ)).isEqualTo(3);
    }

    private static String gunzip(Path file) throws Exception {
        try (var in = new GZIPInputStream(Files.newInputStream(file)); var out = new ByteArrayOutputStream()) {
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
