package io.spotlink.config;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

/**
 * Lets a console appender write only when it is the format LOG_FORMAT selects (TEXT or JSON), so logback.xml can
 * reference both appenders without logback reporting the unused one at every start.
 */
public final class LogFormatFilter extends Filter<ILoggingEvent> {

    private String format = "TEXT";
    private String selected = "TEXT";

    public void setFormat(String format) {
        this.format = format;
    }

    public void setSelected(String selected) {
        this.selected = selected;
    }

    @Override
    public FilterReply decide(ILoggingEvent event) {
        return format.equalsIgnoreCase(selected.strip()) ? FilterReply.NEUTRAL : FilterReply.DENY;
    }
}
