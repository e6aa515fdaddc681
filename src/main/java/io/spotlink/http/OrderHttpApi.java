package io.spotlink.http;

import io.spotlink.intake.CanonicalOrder;
import io.spotlink.intake.CanonicalOrderReader;
import io.spotlink.intake.FieldError;
import io.spotlink.intake.InvalidOrderException;
import io.spotlink.intake.OrderReceipt;
import io.spotlink.spot.SpotApiException;
import io.spotlink.intake.RejectedInputStore;
import io.spotlink.intake.StrictText;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** HTTP face of order intake: JSON in, receipts out with the status code an HTTP client expects. */
public class OrderHttpApi {

    private static final Logger LOG = LoggerFactory.getLogger(OrderHttpApi.class);

    /** Thrown for a body over the size limit: answered 413 without reading further. */
    public static class TooLargeException extends RuntimeException {
        public TooLargeException(String message) {
            super(message);
        }
    }

    /** Exchange property holding the request body as received, kept when the order is refused. */
    static final String ORIGINAL = "SpotlinkOriginalBody";

    /** Seconds a sender is asked to wait (Retry-After): after a 503 (Spot unavailable), after a 409 (in flight). */
    public record RetryAfter(int unavailableSeconds, int inFlightSeconds) {
    }

    private final int maxBytes;
    private final RejectedInputStore rejected;
    private final RetryAfter retryAfter;

    public OrderHttpApi(int maxBytes, RejectedInputStore rejected) {
        this(maxBytes, rejected, new RetryAfter(30, 5));
    }

    public OrderHttpApi(int maxBytes, RejectedInputStore rejected, RetryAfter retryAfter) {
        this.retryAfter = retryAfter;
        this.maxBytes = maxBytes;
        this.rejected = rejected;
    }

    /**
     * One order from the request body, decoded in the charset Content-Type declares (UTF-8 when none), a
     * byte-order mark honoured, and invalid bytes refused.
     */
    public CanonicalOrder parse(@Body byte[] body, @Header(Exchange.CONTENT_TYPE) String contentType,
                                Exchange exchange) {
        if (body != null && body.length > maxBytes) {
            throw new TooLargeException("the body is too large: " + body.length + " bytes; an order may have at most "
                    + maxBytes + " (spotlink.intake.http.max-bytes)");
        }
        exchange.setProperty(ORIGINAL, body == null ? new byte[0] : body);
        String declared = charsetParameter(contentType);
        Charset charset = declared == null ? StandardCharsets.UTF_8 : StrictText.charset(declared)
                .orElseThrow(() -> new InvalidOrderException(List.of(new FieldError("Content-Type",
                        "names a charset this server does not know; send UTF-8"))));
        return CanonicalOrderReader.readOne(StrictText.decode(body == null ? new byte[0] : body, charset, "body"));
    }

    /** The request was too large: 413 with the limit. */
    public void tooLarge(Exchange exchange) throws Exception {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("outcome", "rejected");
        body.put("message", e.getMessage());
        body.put("errors", List.of(Map.of("field", "body", "message", e.getMessage())));
        json(exchange, 413, body);
    }

    /** Anything unexpected: 500 with a reference the log line carries too, never the input or a stack trace. */
    public void unexpected(Exchange exchange) throws Exception {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String reference = exchange.getExchangeId();
        LOG.error("HTTP {} failed unexpectedly (reference {}): {}", exchange.getFromRouteId(), reference,
                e == null ? "?" : e.getClass().getName());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("outcome", "failed");
        body.put("message", "internal error; nothing was created. Reference " + reference);
        body.put("retryable", true);
        json(exchange, 500, body);
    }

    private static String charsetParameter(String contentType) {
        if (contentType == null) {
            return null;
        }
        for (String part : contentType.split(";")) {
            String[] kv = part.strip().split("=", 2);
            if (kv.length == 2 && kv[0].strip().equalsIgnoreCase("charset")) {
                return kv[1].strip();
            }
        }
        return null;
    }

    /** 201 created, 200 existing, 400 rejected, 409 conflict or still in progress. */
    public void respond(Exchange exchange) throws Exception {
        OrderReceipt receipt = exchange.getMessage().getBody(OrderReceipt.class);
        int status = switch (receipt.outcome()) {
            case CREATED -> 201;
            case EXISTING -> 200;
            case REJECTED -> 400;
            case CONFLICT, IN_PROGRESS, CANCELED -> 409;
        };
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("outcome", receipt.outcome().name().toLowerCase(java.util.Locale.ROOT));
        body.put("source_system", receipt.sourceSystem());
        body.put("source_order_id", receipt.sourceOrderId());
        body.put("spot_order_id", receipt.spotOrderId());
        body.put("message", receipt.message());
        body.put("errors", errors(receipt.errors()));
        if (status == 400 || status == 409 && receipt.outcome() == OrderReceipt.Outcome.CONFLICT) {
            keep(exchange, body);
        }
        json(exchange, status, body);
        if (receipt.outcome() == OrderReceipt.Outcome.IN_PROGRESS) {
            exchange.getMessage().setHeader("Retry-After", retryAfter.inFlightSeconds());
        }
    }

    /** The body could not be read as an order at all. */
    public void invalid(Exchange exchange) throws Exception {
        InvalidOrderException e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, InvalidOrderException.class);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("outcome", "rejected");
        body.put("message", e.getMessage());
        body.put("errors", errors(e.errors()));
        keep(exchange, body);
        json(exchange, 400, body);
    }

    /** Keeps the refused original and tells the sender its reference. */
    private void keep(Exchange exchange, Map<String, Object> answer) {
        byte[] original = exchange.getProperty(ORIGINAL, byte[].class);
        if (original != null && rejected != null) {
            String reference = rejected.save("http", original, "json", answer);
            if (reference != null) {
                answer.put("reference", reference);
                LOG.info("HTTP order refused ({} problem(s)); original kept as {}",
                        ((List<?>) answer.getOrDefault("errors", List.of())).size(), reference);
            }
        }
    }

    /** Spot could not take the order now (502) or refused our key (a configuration problem, 502 too). */
    public void spotFailure(Exchange exchange) throws Exception {
        SpotApiException e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, SpotApiException.class);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("outcome", "failed");
        body.put("message", e.getMessage());
        body.put("retryable", e instanceof SpotApiException.Unavailable);
        int status = e instanceof SpotApiException.Unavailable ? 503 : 502;
        json(exchange, status, body);
        if (e instanceof SpotApiException.Unavailable unavailable) {
            // the breaker's open time, or Spot's own Retry-After when it sent one
            exchange.getMessage().setHeader("Retry-After", unavailable.retryAfter() != null
                    ? Math.max(1, unavailable.retryAfter().toSeconds()) : retryAfter.unavailableSeconds());
        }
    }

    static List<Map<String, String>> errors(List<FieldError> errors) {
        return errors.stream().map(FieldError::asMap).toList();
    }

    /** Another answer than success (HttpProblem): its status, body and headers. */
    public void problem(Exchange exchange) {
        HttpProblem problem = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, HttpProblem.class);
        json(exchange, problem.status(), problem.body());
        problem.headers().forEach(exchange.getMessage()::setHeader);
    }

    /**
     * Sets the answer: status, JSON content type and the body as an object, which camel-jackson turns into JSON
     * with the shared ObjectMapper (the REST binding for GET, a marshal step in the other HTTP routes). No request
     * header is echoed back.
     */
    static void json(Exchange exchange, int status, Object body) {
        var message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(body);
    }
}
