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

    private final String queue;

    public JmsDeadLetters(String queue) {
        this.queue = queue;
    }

    public void send(Session session, Message original, String reason, List<FieldError> errors) throws Exception {
        String messageId = original.getJMSMessageID();
        Map<String, Object> properties = properties(original);
        original.clearProperties(); // received properties are read-only until cleared
        for (Map.Entry<String, Object> property : properties.entrySet()) {
            original.setObjectProperty(property.getKey(), property.getValue());
        }
        original.setStringProperty(REASON_HEADER, reason);
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
