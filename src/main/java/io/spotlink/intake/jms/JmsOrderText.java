package io.spotlink.intake.jms;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The order text of a raw JMS message. Only a TextMessage, or a BytesMessage holding UTF-8, carries an order; any
 * other type is refused without its body being touched (an ObjectMessage is never deserialised). The size limit
 * is checked before the body is read or converted.
 */
public final class JmsOrderText {

    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private JmsOrderText() {
    }

    public static String read(Message message, long maxBytes) throws JMSException, RefusedMessageException {
        if (message instanceof TextMessage text) {
            String body = text.getText();
            if (body != null && utf8LengthExceeds(body, maxBytes)) {
                throw tooLarge(maxBytes);
            }
            return body != null && body.startsWith("\uFEFF") ? body.substring(1) : body;
        }
        if (message instanceof BytesMessage bytes) {
            if (bytes.getBodyLength() > maxBytes) {
                throw tooLarge(maxBytes);
            }
            byte[] body = new byte[(int) bytes.getBodyLength()];
            bytes.readBytes(body);
            return utf8(body);
        }
        throw new RefusedMessageException("unsupported message type " + typeName(message)
                + ": send the order JSON as a TextMessage, or a BytesMessage in UTF-8; the body was not read");
    }

    /** The JMS interface the message implements, never its content. */
    static String typeName(Message message) {
        for (Class<?> type : new Class<?>[] {jakarta.jms.ObjectMessage.class, jakarta.jms.StreamMessage.class,
                jakarta.jms.MapMessage.class, BytesMessage.class, TextMessage.class}) {
            if (type.isInstance(message)) {
                return type.getSimpleName();
            }
        }
        return message == null ? "none" : "Message (no body type)";
    }

    private static String utf8(byte[] body) throws RefusedMessageException {
        int offset = startsWithBom(body) ? UTF8_BOM.length : 0;
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body, offset, body.length - offset)).toString();
        } catch (CharacterCodingException e) {
            throw new RefusedMessageException("BytesMessage is not valid UTF-8: send the order JSON in UTF-8");
        }
    }

    private static boolean startsWithBom(byte[] body) {
        return body.length >= 3 && body[0] == UTF8_BOM[0] && body[1] == UTF8_BOM[1] && body[2] == UTF8_BOM[2];
    }

    /** Whether the text's UTF-8 form is longer than the limit, counted without encoding it. */
    static boolean utf8LengthExceeds(String text, long maxBytes) {
        if (text.length() > maxBytes) {
            return true;
        }
        long bytes = 0;
        for (int i = 0; i < text.length() && bytes <= maxBytes; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes > maxBytes;
    }

    private static RefusedMessageException tooLarge(long maxBytes) {
        return new RefusedMessageException("message too large: over " + maxBytes
                + " bytes (spotlink.intake.jms.max-bytes); the body was not read as an order");
    }
}
