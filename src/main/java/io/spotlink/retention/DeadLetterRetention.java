package io.spotlink.retention;

import io.spotlink.intake.jms.JmsDeadLetters;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The intake's dead-letter queue (spotlink.intake.jms.dead-letter-queue) on the broker of spotlink.jms.*: refused
 * orders, body untouched, with the reason in headers. Content only: a dead letter is removed, whole, once it is
 * older than {@code content-days} by its JMSTimestamp (when it was dead-lettered). It is taken by a consumer with a
 * selector on JMSTimestamp in a JMS transaction of at most one batch, archived, then committed; when the archive
 * fails the transaction rolls back and the messages stay. An ObjectMessage's body is never deserialised: the
 * archive records its type and headers only. A dead letter marked failed (a good order that could not be processed,
 * {@link io.spotlink.intake.jms.JmsDeadLetters#FAILED}) is never pruned: it waits for an operator to replay it.
 */
public class DeadLetterRetention implements RetainedStore {

    public static final String NAME = "dead-letters";
    /** How long a receive waits for the broker to hand over the next matching message. */
    private static final long RECEIVE_MILLIS = 500;

    private final ConnectionFactory connections;
    private final String queue;
    private final PruneArchive archive;

    public DeadLetterRetention(ConnectionFactory connections, String queue, PruneArchive archive) {
        this.connections = connections;
        this.queue = queue;
        this.archive = archive;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int pruneContent(Instant cutoff, int batch) throws Exception {
        try (Connection connection = connections.createConnection();
             Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
             MessageConsumer consumer = session.createConsumer(session.createQueue(queue),
                     "JMSTimestamp < " + cutoff.toEpochMilli() + " AND (" + JmsDeadLetters.KIND_HEADER
                             + " IS NULL OR " + JmsDeadLetters.KIND_HEADER + " <> '" + JmsDeadLetters.FAILED + "')")) {
            connection.start();
            List<Map<String, Object>> taken = new ArrayList<>();
            Message message;
            while (taken.size() < batch && (message = consumer.receive(RECEIVE_MILLIS)) != null) {
                taken.add(describe(message));
            }
            try {
                archive.rows(NAME, "content", taken);
            } catch (Exception e) {
                session.rollback();
                throw e;
            }
            session.commit();
            return taken.size();
        }
    }

    private static Map<String, Object> describe(Message message) throws JMSException {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("message_id", message.getJMSMessageID());
        record.put("timestamp", Instant.ofEpochMilli(message.getJMSTimestamp()).toString());
        Map<String, Object> properties = new LinkedHashMap<>();
        for (Object name : Collections.list(message.getPropertyNames())) {
            properties.put(name.toString(), String.valueOf(message.getObjectProperty(name.toString())));
        }
        record.put("properties", properties);
        if (message instanceof TextMessage text) {
            record.put("type", "text");
            record.put("text", text.getText());
        } else if (message instanceof BytesMessage bytes) {
            byte[] body = new byte[(int) bytes.getBodyLength()];
            bytes.readBytes(body);
            record.put("type", "bytes");
            record.put("content_base64", Base64.getEncoder().encodeToString(body));
        } else {
            record.put("type", message.getClass().getSimpleName()); // body not read: never deserialised
        }
        return record;
    }
}
