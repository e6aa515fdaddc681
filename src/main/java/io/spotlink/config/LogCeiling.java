package io.spotlink.config;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

import java.util.ArrayList;
import java.util.List;

/**
 * Caps the loggers under the given prefixes at INFO, whatever level an operator picks: at DEBUG the JMS broker and
 * camel-jms print every message with its properties, which a hospital may fill with patient data. Configured in
 * logback.xml with one {@code <prefix>} per logger tree.
 */
public class LogCeiling extends TurboFilter {

    private final List<String> prefixes = new ArrayList<>();

    public void addPrefix(String prefix) {
        prefixes.add(prefix.trim());
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params,
                              Throwable t) {
        // below the logger's own level the line is dropped anyway: answer at once (this runs for every
        // isDebugEnabled()/isTraceEnabled() of every logger, a dozen per ORU sent)
        if (level != null && level.toInt() < Level.INFO_INT && level.isGreaterOrEqual(logger.getEffectiveLevel())) {
            for (String prefix : prefixes) {
                if (logger.getName().startsWith(prefix)) {
                    return FilterReply.DENY;
                }
            }
        }
        return FilterReply.NEUTRAL;
    }
}
