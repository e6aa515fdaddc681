package io.spotlink.intake.files;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.spotlink.intake.CanonicalOrderReader;
import io.spotlink.intake.IntakeJson;

import java.io.IOException;
import java.io.Reader;

/**
 * JSON orders: one order, or an array of orders read element by element with Jackson's streaming parser and the
 * strict intake rules (duplicate keys, depth, number and string limits). A second JSON value after the first (one
 * order per line) refuses the file; it is never reduced to the first.
 */
final class JsonOrderRows implements OrderRows {

    /** Reads one element; the check for data after the whole value is ours, at the end of the file. */
    private static final ObjectReader ELEMENT = IntakeJson.mapper().reader()
            .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final JsonParser parser;
    private final boolean array;
    private OrderFileParser.ParsedRow pending;
    private int index;
    private boolean finished;

    JsonOrderRows(Reader reader) {
        try {
            this.parser = IntakeJson.mapper().createParser(reader);
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new FileRefusedException("is empty: no JSON value");
            }
            if (first != JsonToken.START_ARRAY && first != JsonToken.START_OBJECT) {
                throw new FileRefusedException("must hold one order (a JSON object) or an array of orders");
            }
            this.array = first == JsonToken.START_ARRAY;
        } catch (IOException e) {
            throw refused(e);
        }
        if (!hasNext()) {
            throw new FileRefusedException("holds an empty array: no orders");
        }
    }

    @Override
    public boolean hasNext() {
        if (pending != null) {
            return true;
        }
        if (finished) {
            return false;
        }
        try {
            if (array && parser.nextToken() == JsonToken.END_ARRAY) {
                finish();
                return false;
            }
            JsonNode node = ELEMENT.readTree(parser);
            pending = OrderFileParser.bind(++index, node);
            if (!array) {
                finish();
            }
            return true;
        } catch (IOException e) {
            throw refused(e);
        }
    }

    /** Nothing may follow the one value of the file. */
    private void finish() throws IOException {
        finished = true;
        if (parser.nextToken() != null) {
            throw new FileRefusedException("has a second JSON value after the first (line "
                    + parser.currentTokenLocation().getLineNr() + "): one order per line is not accepted, "
                    + "send one order or a JSON array of orders");
        }
    }

    @Override
    public OrderFileParser.ParsedRow next() {
        if (!hasNext()) {
            throw new java.util.NoSuchElementException();
        }
        OrderFileParser.ParsedRow row = pending;
        pending = null;
        return row;
    }

    private static FileRefusedException refused(IOException e) {
        if (e instanceof JsonProcessingException json) {
            return new FileRefusedException(CanonicalOrderReader.describe(json));
        }
        return new FileRefusedException("cannot be read (" + e.getClass().getSimpleName() + ")");
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
