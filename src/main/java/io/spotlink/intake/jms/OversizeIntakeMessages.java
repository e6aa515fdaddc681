package io.spotlink.intake.jms;

import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerMessagePlugin;
import org.apache.activemq.artemis.core.transaction.Transaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded broker's size check on the intake queue, before any client decodes a body. The Artemis JMS client
 * decodes a TextMessage's text into a String as the message is received, before Spotlink's own size check can run;
 * so a message that is certainly over {@code spotlink.intake.jms.max-bytes} never reaches a consumer: the broker
 * sends it to the dead-letter queue as it arrives, body untouched, with the same reason headers Spotlink sets.
 * Artemis carries text as 2 bytes per character and UTF-8 takes at least 1, so a message of more than
 * 2 x max-bytes (plus room for headers and properties) holds more than max-bytes of UTF-8 whatever its type.
 * Smaller ones are checked exactly by {@link JmsOrderText}, so a client never decodes more than about 2 x max-bytes.
 */
public final class OversizeIntakeMessages implements ActiveMQServerMessagePlugin {

    private static final Logger LOG = LoggerFactory.getLogger(OversizeIntakeMessages.class);
    /** Headers, properties and the text's length prefix, well above what a sender sets. */
    private static final long HEADROOM = 65_536;

    private final SimpleString intakeQueue;
    private final SimpleString deadLetterQueue;
    private final long maxBytes;

    public OversizeIntakeMessages(String intakeQueue, String deadLetterQueue, long maxBytes) {
        this.intakeQueue = SimpleString.of(intakeQueue);
        this.deadLetterQueue = SimpleString.of(deadLetterQueue);
        this.maxBytes = maxBytes;
    }

    @Override
    public void beforeSend(ServerSession session, Transaction tx, Message message, boolean direct,
                           boolean noAutoCreateQueue) {
        if (!intakeQueue.equals(message.getAddressSimpleString())) {
            return;
        }
        long size = Math.max(message.getWholeMessageSize(), largeBodySize(message));
        if (size <= 2 * maxBytes + HEADROOM) {
            return;
        }
        message.putStringProperty(JmsDeadLetters.REASON_HEADER, "message too large: " + size + " bytes on the "
                + "broker, over " + maxBytes + " bytes of UTF-8 (spotlink.intake.jms.max-bytes); dead-lettered by the "
                + "broker, the body was not read");
        message.putStringProperty(JmsDeadLetters.ERRORS_HEADER, "[]");
        // the JMS message id, as JmsDeadLetters records it (Artemis: "ID:" and the user id)
        message.putStringProperty(JmsDeadLetters.ORIGINAL_ID_HEADER, "ID:" + message.getUserID());
        // the broker routes by the address read after this plugin: the message goes to the dead-letter queue
        message.setAddress(deadLetterQueue);
        message.reencode();
        LOG.warn("JMS message {} ({} bytes) dead-lettered to {} by the broker: over spotlink.intake.jms.max-bytes",
                message.getUserID(), size, deadLetterQueue);
    }

    private static long largeBodySize(Message message) {
        Object size = message.getObjectProperty(Message.HDR_LARGE_BODY_SIZE);
        return size instanceof Number n ? n.longValue() : 0;
    }
}
