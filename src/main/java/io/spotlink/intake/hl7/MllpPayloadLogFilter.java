package io.spotlink.intake.hl7;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.helpers.MessageFormatter;

import java.util.List;

/**
 * camel-mllp writes whole frames into its log lines, whatever {@code logPhi} says: on a frame that times out or is
 * cut mid-frame, on bytes before the start block, on out-of-band data, and at DEBUG on every message. This filter
 * (declared in logback.xml) drops those lines and writes the same warning again under
 * {@code io.spotlink.intake.hl7.MllpConnection} with the content replaced by its length: the socket, counts and
 * timeouts stay, the patient data goes.
 */
public final class MllpPayloadLogFilter extends TurboFilter {

    private static final String MLLP = "org.apache.camel.component.mllp";
    private static final List<String> PAYLOAD_LINES = List.of("payload", "byte message", "out-of-band",
            "START_OF_BLOCK", "initial message");
    private static final org.slf4j.Logger SAFE = LoggerFactory.getLogger("io.spotlink.intake.hl7.MllpConnection");

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
                              Throwable t) {
        if (format == null || level == null || !level.isGreaterOrEqual(logger.getEffectiveLevel())
                || !logger.getName().startsWith(MLLP)
                || PAYLOAD_LINES.stream().noneMatch(format::contains)) {
            return FilterReply.NEUTRAL;
        }
        if (logger.isEnabledFor(level)) {
            String text = MessageFormatter.arrayFormat(format, withoutContent(params)).getMessage()
                    + (t == null ? "" : " (" + t.getClass().getSimpleName() + ")");
            switch (level.toInt()) {
                case Level.ERROR_INT -> SAFE.error("camel-mllp: {}", text);
                case Level.WARN_INT -> SAFE.warn("camel-mllp: {}", text);
                case Level.INFO_INT -> SAFE.info("camel-mllp: {}", text);
                default -> SAFE.debug("camel-mllp: {}", text);
            }
        }
        return FilterReply.DENY;
    }

    /** Texts and bytes become their length; sockets, numbers and the rest stay. */
    private static Object[] withoutContent(Object[] params) {
        if (params == null) {
            return new Object[0];
        }
        Object[] safe = new Object[params.length];
        for (int i = 0; i < params.length; i++) {
            if (params[i] instanceof CharSequence text) {
                safe[i] = "<" + text.length() + " characters not logged>";
            } else if (params[i] instanceof byte[] bytes) {
                safe[i] = "<" + bytes.length + " bytes not logged>";
            } else {
                safe[i] = params[i];
            }
        }
        return safe;
    }
}
