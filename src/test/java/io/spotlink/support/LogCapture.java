package io.spotlink.support;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Captures every log line of a test run at a chosen level (DEBUG by default, for every logger that logback.xml does
 * not force OFF), including exception messages and stack traces, so a test can scan them for PHI and secrets.
 */
public final class LogCapture implements AutoCloseable {

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Map<Logger, Level> previous = new HashMap<>();

    private LogCapture(Level level) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        appender.setContext(context);
        appender.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        for (Logger logger : context.getLoggerList()) {
            if (logger.getLevel() != null && logger.getLevel() != Level.OFF) {
                previous.put(logger, logger.getLevel());
                logger.setLevel(level);
            }
        }
    }

    public static LogCapture atDebug() {
        return new LogCapture(Level.DEBUG);
    }

    /** Every captured event, for checks on level and stack traces. */
    public List<ILoggingEvent> events() {
        return List.copyOf(appender.list);
    }

    /** Every captured line, with its exception chain, as text. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent event : List.copyOf(appender.list)) {
            StringBuilder text = new StringBuilder(event.getLoggerName()).append(' ').append(event.getFormattedMessage());
            for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                text.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
                for (StackTraceElementProxy frame : t.getStackTraceElementProxyArray()) {
                    text.append(' ').append(frame.getSTEAsString());
                }
            }
            lines.add(text.toString());
        }
        return lines;
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
        previous.forEach(Logger::setLevel);
        appender.stop();
    }
}
