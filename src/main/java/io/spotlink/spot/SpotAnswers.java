package io.spotlink.spot;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotlink.spot.model.KitActivation;
import io.spotlink.spot.model.Order;
import io.spotlink.spot.model.Patient;
import io.spotlink.spot.model.RegistrationToken;
import io.spotlink.spot.model.Requisition;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Spot's answers as route steps (spot-http, spot-create-order and the other spot-* call routes): a non-2xx answer
 * becomes the SpotApiException that says what the caller can do, a failure to get an answer becomes Unavailable, an
 * open breaker BreakerOpen, and a 2xx answer its model type (read tolerantly by SpotBodyReader).
 * Logs carry status and type only: never the key, query strings or bodies.
 */
public class SpotAnswers {

    private static final Logger LOG = LoggerFactory.getLogger(SpotAnswers.class);
    private static final Pattern ORDER_ID = Pattern.compile("\"order_id\"\\s*:\\s*\"([A-Za-z0-9_-]{1,64})\"");

    private final ObjectMapper json = SpotJson.mapper();
    private final SpotBodyReader bodies = new SpotBodyReader();

    /** Inside the breaker: 429 and 5xx are thrown as Unavailable (the breaker counts them); the rest passes on. */
    public void failIfUnavailable(Exchange exchange) {
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        if (status == 429 || status >= 500) {
            check(exchange);
        }
    }

    /** After the HTTP call: a 2xx passes; anything else is thrown as its SpotApiException. */
    public void check(Exchange exchange) {
        if (Boolean.TRUE.equals(exchange.getProperty(ExchangePropertyKey.CIRCUIT_BREAKER_RESPONSE_SHORT_CIRCUITED,
                Boolean.class)) && exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE) == null) {
            throw new SpotApiException.BreakerOpen(null); // nothing was sent
        }
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        if (status >= 200 && status < 300) {
            return;
        }
        byte[] body = exchange.getMessage().getBody(byte[].class);
        SpotErrorParser.SpotError error = SpotErrorParser.parse(status,
                body == null ? "" : new String(body, StandardCharsets.UTF_8));
        LOG.debug("Spot {} {} -> {}", exchange.getMessage().getHeader(Exchange.HTTP_METHOD), path(exchange), status);
        throw switch (status) {
            case 400 -> new SpotApiException.BadRequest(error.type(), error.details());
            case 404 -> new SpotApiException.NotFound(error.type(), error.details());
            case 401, 403 -> new SpotApiException.Configuration(status, error.type(), error.details());
            default -> status == 429 || status >= 500
                    ? new SpotApiException.Unavailable(status, error.type(), error.details(),
                            retryAfter(exchange.getMessage().getHeader("Retry-After", String.class)), status >= 500,
                            null)
                    : new SpotApiException(status, error.type(), error.details(), "Unexpected answer from Spot: HTTP "
                            + status + ": " + String.join("; ", error.details()), null);
        };
    }

    /** The HTTP call got no answer: a refused connection never reached Spot; a timeout may have done the work. */
    public void noAnswer(Exchange exchange) {
        Throwable failure = exchange.getProperty(ExchangePropertyKey.EXCEPTION_CAUGHT, Throwable.class);
        boolean neverSent = rootCause(failure) instanceof ConnectException;
        LOG.debug("Spot {} {} -> {}", exchange.getMessage().getHeader(Exchange.HTTP_METHOD), path(exchange),
                failure == null ? "no answer" : failure.getClass().getSimpleName());
        throw new SpotApiException.Unavailable(0, null,
                List.of(failure == null ? "no answer" : failure.getClass().getSimpleName()), null, !neverSent, failure);
    }

    /**
     * A failure of a Spot call as the SpotApiException callers act on: an open breaker (nothing was sent) becomes
     * BreakerOpen, which every channel treats as Spot unavailable (HTTP 503, JMS rollback, MLLP AR).
     */
    public static RuntimeException asSpotFailure(Throwable failure) {
        if (failure instanceof CallNotPermittedException) {
            return new SpotApiException.BreakerOpen(null);
        }
        return failure instanceof RuntimeException runtime ? runtime : new SpotApiException.Unavailable(0, null,
                List.of(failure.getClass().getSimpleName()), null, true, failure);
    }

    /**
     * The created order from a 2xx answer. Spot did the work: an answer Spotlink cannot fully read still yields the
     * order id, so an order it created is never reported as failed (and created twice).
     */
    public Order createdOrder(Exchange exchange) {
        byte[] body = exchange.getMessage().getBody(byte[].class);
        try {
            return json.readValue(body, Order.class);
        } catch (IOException e) {
            String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
            Optional<String> id = orderIdOf(text);
            if (id.isPresent()) {
                LOG.warn("Spot created order {} with an answer Spotlink cannot fully read; keeping the order id",
                        id.get());
                return new Order(id.get(), null, null, null, null, null, null, null);
            }
            throw new SpotApiException(exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class),
                    null, List.of("unreadable response body"), "Spot answered with a body that does not match the "
                    + "API schema", e);
        }
    }

    /** A 2xx answer of route spot-update-order-metadata (and SpotClient's reads) as the Order. */
    public Order order(Exchange exchange) {
        return read(exchange, json.constructType(Order.class));
    }

    public Patient patient(Exchange exchange) {
        return read(exchange, json.constructType(Patient.class));
    }

    /** The token is a secret: it is never logged (SpotBodyReader logs ids and paths only). */
    public RegistrationToken registrationToken(Exchange exchange) {
        return read(exchange, json.constructType(RegistrationToken.class));
    }

    public KitActivation kitActivation(Exchange exchange) {
        return read(exchange, json.constructType(KitActivation.class));
    }

    public Requisition requisition(Exchange exchange) {
        return read(exchange, json.constructType(Requisition.class));
    }

    /** One page of GET /api/v2/requisitions/. */
    public List<Requisition> requisitions(Exchange exchange) {
        return read(exchange, json.getTypeFactory().constructCollectionType(List.class, Requisition.class));
    }

    /**
     * The body of a 2xx answer as {@code type}, read tolerantly: a value that cannot be read costs that value only,
     * logged once by id (SpotBodyReader).
     */
    public <T> T read(Exchange exchange, JavaType type) {
        return bodies.read(exchange.getMessage().getBody(byte[].class),
                exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class), type);
    }

    /** The order id of an answer that is not readable as an Order: from its JSON tree, or from its raw text. */
    Optional<String> orderIdOf(String body) {
        try {
            String id = json.readTree(body).path("order_id").asText(null);
            if (id != null && !id.isBlank()) {
                return Optional.of(id);
            }
        } catch (IOException | RuntimeException notJson) {
            // fall through to the raw text
        }
        Matcher matcher = ORDER_ID.matcher(body);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(header.trim()));
        } catch (NumberFormatException httpDate) {
            return null; // an HTTP-date: the configured back-off applies
        }
    }

    private static Throwable rootCause(Throwable t) {
        Throwable cause = t;
        while (cause != null && cause.getCause() != null && cause.getCause() != cause
                && !(cause instanceof ConnectException)) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String path(Exchange exchange) {
        String uri = exchange.getMessage().getHeader(Exchange.HTTP_URI, "", String.class);
        return uri.replaceFirst("^https?://[^/]+", "").replaceFirst("\\?.*$", "");
    }
}
