package io.spotlink.intake.jms;

import io.spotlink.intake.FieldError;
import io.spotlink.spot.SpotJson;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Moves a message to the dead-letter queue inside the consumer's transaction: the original message itself is sent
 * on, body untouched (an ObjectMessage's bytes are forwarded, never deserialised), with its properties and the
 * reason added. One WARN line per dead letter: the message id and the reason, never the body.
 */
public class JmsDeadLetters {

    private static final Logger LOG = LoggerFactory.getLogger(JmsDeadLetters.class);
    public static final String REASON_HEADER = "SpotlinkFailureReason";
    public static final String ERRORS_HEADER = "SpotlinkFailureErrors";
    public static final String ORIGINAL_ID_HEADER = "SpotlinkOriginalMessageId";
    /**
     * {@code refused}: the message itself can never be taken (the reason says why); {@code failed}: a good message
     * that could not be processed now (Spot unavailable through every delivery). Retention prunes refused ones only:
     * a failed one is an order waiting for an operator to replay it.
     */
    public static final String KIND_HEADER = "SpotlinkFailureKind";
    public static final String REFUSED = "refused";
    public static final String FAILED = "failed";

    private final String queue;

    public JmsDeadLetters(String queue) {
        this.queue = queue;
    }

    /** Dead-letters a message refused for what it is (invalid, unreadable, unknown, a repeat in conflict). */
    public void send(Session session, Message original, String reason, List<FieldError> errors) throws Exception {
        send(session, original, REFUSED, reason, errors);
    }

    /** Dead-letters a good message that could not be processed through all its deliveries: an operator replays it. */
    public void sendFailed(Session session, Message original, String reason) throws Exception {
        send(session, original, FAILED, reason, List.of());
    }

    private void send(Session session, Message original, String kind, String reason, List<FieldError> errors)
            throws Exception {
        String messageId = original.getJMSMessageID();
        Map<String, Object> properties = properties(original);
        original.clearProperties(); // received properties are read-only until cleared
        for (Map.Entry<String, Object> property : properties.entrySet()) {
            original.setObjectProperty(property.getKey(), property.getValue());
        }
        original.setStringProperty(REASON_HEADER, reason);
        original.setStringProperty(KIND_HEADER, kind);
        original.setStringProperty(ERRORS_HEADER, SpotJson.mapper().writeValueAsString(errors.stream()
                .map(FieldError::toString).toList()));
        original.setStringProperty(ORIGINAL_ID_HEADER, messageId);
        try (MessageProducer producer = session.createProducer(session.createQueue(queue))) {
            producer.send(original);
        }
        LOG.warn("JMS message {} dead-lettered to {}: {}", messageId, queue, reason);
    }

    /** The sender's own properties; the JMSX ones are the broker's and are set again on delivery. */
    private static Map<String, Object> properties(Message message) throws JMSException {
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Object name : Collections.list(message.getPropertyNames())) {
            String key = name.toString();
            if (!key.startsWith("JMSX") && !key.startsWith("JMS_")) {
                copy.put(key, message.getObjectProperty(key));
            }
        }
        return copy;
    }
}
