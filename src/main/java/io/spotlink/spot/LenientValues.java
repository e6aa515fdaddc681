package io.spotlink.spot;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * Reads Spot's answers as a tolerant reader: a value Spotlink cannot interpret (a date that is not a date, text
 * where a number belongs, an object where text belongs) becomes null, so only that value is lost and the order and
 * every other result flow on. Never logged with the value: a read through SpotBodyReader collects the field paths
 * (under {@link #SKIPPED}) and logs them once with the order or kit id; any other read logs the path.
 */
final class LenientValues extends DeserializationProblemHandler {

    private static final Logger LOG = LoggerFactory.getLogger(LenientValues.class);

    /** Reader attribute: a {@code List<String>} that receives the JSON pointer of every value left out. */
    static final String SKIPPED = "spotlink.skipped-values";

    @Override
    public Object handleWeirdStringValue(DeserializationContext ctxt, Class<?> targetType, String valueToConvert,
                                         String failureMsg) {
        skipped(ctxt, targetType);
        return null;
    }

    @Override
    public Object handleWeirdNumberValue(DeserializationContext ctxt, Class<?> targetType, Number valueToConvert,
                                         String failureMsg) {
        skipped(ctxt, targetType);
        return null;
    }

    @Override
    public Object handleUnexpectedToken(DeserializationContext ctxt, JavaType targetType, JsonToken t, JsonParser p,
                                        String failureMsg) throws IOException {
        p.skipChildren();
        skipped(ctxt, targetType.getRawClass());
        return null;
    }

    @Override
    public Object handleMissingInstantiator(DeserializationContext ctxt, Class<?> instClass,
                                            ValueInstantiator valueInsta, JsonParser p, String msg) throws IOException {
        p.skipChildren();
        skipped(ctxt, instClass);
        return null;
    }

    @SuppressWarnings("unchecked")
    private static void skipped(DeserializationContext ctxt, Class<?> type) {
        JsonParser parser = ctxt.getParser();
        String path = parser == null ? "?" : parser.getParsingContext().pathAsPointer().toString();
        if (ctxt.getAttribute(SKIPPED) instanceof java.util.List<?> paths) {
            ((java.util.List<String>) paths).add(path);
            return;
        }
        LOG.warn("Spot sent a value Spotlink cannot read as {} at {}; that value is left out",
                type == null ? "?" : type.getSimpleName(), path);
    }
}
