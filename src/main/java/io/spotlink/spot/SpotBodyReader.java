package io.spotlink.spot;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotlink.spot.model.Kit;
import io.spotlink.spot.model.Order;
import io.spotlink.spot.model.Report;
import io.spotlink.spot.model.Requisition;
import io.spotlink.spot.model.Result;
import io.spotlink.spot.model.Sample;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the body of a successful Spot answer as a tolerant reader (every body the seed OpenAPI allows, and the
 * deviations the README lists). What it could not interpret is left out value by value (LenientValues), and values
 * Spot's document does not list are kept as text; both are logged once per body, with the order or kit id and the
 * field paths, never the values. An order body that is not JSON at all still yields its order id, because Spot
 * created that order.
 */
public final class SpotBodyReader {

    private static final Logger LOG = LoggerFactory.getLogger(SpotBodyReader.class);
    private static final Pattern ORDER_ID = Pattern.compile("\"order_id\"\\s*:\\s*\"([A-Za-z0-9_-]{1,64})\"");
    private static final Pattern REQUISITION_ID =
            Pattern.compile("\"requisition_id\"\\s*:\\s*\"([A-Za-z0-9_-]{1,64})\"");

    private final ObjectMapper json = SpotJson.mapper();

    public Order readOrder(byte[] body, int status) {
        return read(body, status, json.constructType(Order.class));
    }

    public Kit readKit(byte[] body, int status) {
        return read(body, status, json.constructType(Kit.class));
    }

    /** Reads a 2xx body of {@code type}; a SpotApiException when not even its id can be read. */
    @SuppressWarnings("unchecked")
    public <T> T read(byte[] body, int status, JavaType type) {
        List<String> skipped = new ArrayList<>();
        try {
            T value = json.readerFor(type).withAttribute(LenientValues.SKIPPED, skipped).readValue(body);
            report(value, skipped);
            return value;
        } catch (IOException | RuntimeException e) {
            if (type.getRawClass() == Order.class) {
                // Spot did the work: an order it created must never be reported as failed, or it is created twice.
                Optional<String> id = idOf(text(body), "order_id", ORDER_ID);
                if (id.isPresent()) {
                    LOG.warn("Spot answered HTTP {} for order {} with a body Spotlink cannot fully read; keeping "
                            + "the order id", status, id.get());
                    return (T) new Order(id.get(), null, null, null, null, null, null, null);
                }
            }
            if (type.getRawClass() == Requisition.class) {
                // The same for a requisition: its barcode is taken at Spot, so it must be recorded, not resent.
                Optional<String> id = idOf(text(body), "requisition_id", REQUISITION_ID);
                if (id.isPresent()) {
                    LOG.warn("Spot answered HTTP {} for requisition {} with a body Spotlink cannot fully read; "
                            + "keeping the requisition id", status, id.get());
                    return (T) new Requisition(id.get(), null, null, null, null, null, null, null, null, null, null,
                            null, null, null, null);
                }
            }
            throw new SpotApiException(status, null, List.of("unreadable response body"),
                    "Spot answered HTTP " + status + " with a body that does not match the API schema", e);
        }
    }

    /** One line per body: the paths of values left out and of values kept as unknown text. */
    private static void report(Object value, List<String> skipped) {
        List<String> unknown = new ArrayList<>();
        String id;
        if (value instanceof Order order) {
            id = "order " + order.orderId();
            if (order.status() != null && !order.status().known()) {
                unknown.add("/status");
            }
            List<Kit> kits = order.kits();
            for (int i = 0; i < kits.size(); i++) {
                unknownIn(kits.get(i), "/kits/" + i, unknown);
            }
        } else if (value instanceof Kit kit) {
            id = "kit " + kit.kitId();
            unknownIn(kit, "", unknown);
        } else {
            id = "list";
        }
        if (!skipped.isEmpty()) {
            LOG.warn("Spot {}: {} value(s) Spotlink cannot read were left out at {}", id, skipped.size(), skipped);
        }
        if (!unknown.isEmpty()) {
            LOG.info("Spot {}: value(s) Spot's document does not list were kept as text at {}", id, unknown);
        }
    }

    /** Paths are of the model as read (null entries already dropped), so indexes may differ from the raw body. */
    private static void unknownIn(Kit kit, String at, List<String> unknown) {
        if (kit.status() != null && !kit.status().known()) {
            unknown.add(at + "/status");
        }
        Sample sample = kit.sample();
        if (sample == null) {
            return;
        }
        if (sample.status() != null && !sample.status().known()) {
            unknown.add(at + "/sample/status");
        }
        List<Report> reports = sample.reports();
        for (int r = 0; r < reports.size(); r++) {
            List<Result> results = reports.get(r).results();
            for (int i = 0; i < results.size(); i++) {
                if (results.get(i).resultType() != null && !results.get(i).resultType().known()) {
                    unknown.add(at + "/sample/reports/" + r + "/results/" + i + "/result_type");
                }
            }
        }
    }

    /** The id of an answer that is not readable as its type: from its JSON tree, or from its raw text. */
    private Optional<String> idOf(String body, String field, Pattern raw) {
        try {
            String id = json.readTree(body).path(field).asText(null);
            if (id != null && !id.isBlank()) {
                return Optional.of(id);
            }
        } catch (IOException | RuntimeException notJson) {
            // fall through to the raw text
        }
        Matcher matcher = raw.matcher(body);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    private static String text(byte[] body) {
        return body == null ? "" : new String(body, StandardCharsets.UTF_8);
    }
}
