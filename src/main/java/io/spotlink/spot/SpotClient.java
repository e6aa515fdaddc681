package io.spotlink.spot;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotlink.spot.model.ActivateKit;
import io.spotlink.spot.model.CreateOrder;
import io.spotlink.spot.model.CreatePatient;
import io.spotlink.spot.model.CreateRequisition;
import io.spotlink.spot.model.Kit;
import io.spotlink.spot.model.KitActivation;
import io.spotlink.spot.model.KitSummary;
import io.spotlink.spot.model.Order;
import io.spotlink.spot.model.OrderSummary;
import io.spotlink.spot.model.Patient;
import io.spotlink.spot.model.RegistrationToken;
import io.spotlink.spot.model.RegistrationTokenRequest;
import io.spotlink.spot.model.Requisition;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.http.HttpMethods;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.ConnectException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.Supplier;

/**
 * Spot API v2 over camel-http. 400/404 and 401/403 fail at once; 429, 5xx and I/O failures are retried with
 * bounded back-off that honours Retry-After. Logs carry method, path (ids only) and status: never the key,
 * query strings (they may hold e-mail addresses) or bodies (they hold patient data).
 */
public class SpotClient {

    private static final Logger LOG = LoggerFactory.getLogger(SpotClient.class);
    private static final int MAX_PAGES = 1000;

    /** Waits between attempts; tests pass one that records instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final ProducerTemplate template;
    private final SpotClientConfig config;
    private final Sleeper sleeper;
    private final ObjectMapper json = SpotJson.mapper();
    private final SpotBodyReader bodies = new SpotBodyReader();
    private final String endpointUri;

    public SpotClient(CamelContext context, SpotClientConfig config) {
        this(context, config, d -> Thread.sleep(d.toMillis()));
    }

    public SpotClient(CamelContext context, SpotClientConfig config, Sleeper sleeper) {
        this.template = context.createProducerTemplate();
        this.config = config;
        this.sleeper = sleeper;
        // One endpoint for every call; the URL of each call goes in the CamelHttpUri header.
        this.endpointUri = config.baseUrl() + "?throwExceptionOnFailure=false&skipResponseHeaders=false";
    }

    public SpotClientConfig config() {
        return config;
    }

    /**
     * Creates an order. Spot has no idempotency key, so before resending after an answer that may hide a created
     * order (5xx, a read timeout) it asks {@code alreadyCreated} whether the order exists after all.
     */
    public Order createOrder(CreateOrder order, Supplier<Optional<Order>> alreadyCreated) {
        return execute(new Call("POST", "/api/v2/orders/", Map.of(), order), Order.class, alreadyCreated);
    }

    public Order retrieveOrder(String orderId) {
        return execute(new Call("GET", "/api/v2/orders/" + encode(orderId) + "/", Map.of(), null), Order.class, null);
    }

    /** One page of GET /api/v2/orders/. Filters: email, status, created_after, ... (see spot-api.md). */
    public List<OrderSummary> listOrders(Map<String, String> filters, int offset, int results) {
        return execute(new Call("GET", "/api/v2/orders/", page(filters, offset, results), null),
                listOf(OrderSummary.class), null);
    }

    /** Every order matching the filters, page by page with the configured page size. */
    public List<OrderSummary> listAllOrders(Map<String, String> filters) {
        return allPages((offset, size) -> listOrders(filters, offset, size));
    }

    public Order updateOrderMetadata(String orderId, Map<String, Object> metadata) {
        return execute(new Call("POST", "/api/v2/orders/" + encode(orderId) + "/", Map.of(),
                Map.of("metadata", metadata)), Order.class, null);
    }

    public Kit retrieveKit(String kitId) {
        return execute(new Call("GET", "/api/v2/kits/" + encode(kitId) + "/", Map.of(), null), Kit.class, null);
    }

    /** One page of GET /api/v2/kits/ (kit_status, sample_status, has_order, kit_type, date filters). */
    public List<KitSummary> listKits(Map<String, String> filters, int offset, int results) {
        return execute(new Call("GET", "/api/v2/kits/", page(filters, offset, results), null),
                listOf(KitSummary.class), null);
    }

    /**
     * The order a kit belongs to, by one GET /api/v2/kits/{id}/ and no retry (a caller that cannot wait, such as a
     * callback; its list entry names the order as order_id): empty when Spot does not know the kit (404) or names
     * no order. Any other failure is thrown at once.
     */
    public Optional<String> orderOfKit(String kitId) {
        try {
            com.fasterxml.jackson.databind.JsonNode kit = execute(new Call("GET", "/api/v2/kits/" + encode(kitId)
                    + "/", Map.of(), null), json.constructType(com.fasterxml.jackson.databind.JsonNode.class), null,
                    new RetryPolicy(1, config.retry().initialDelay(), config.retry().maxDelay()));
            String orderId = kit == null ? null : kit.path("order_id").asText(null);
            return Optional.ofNullable(orderId == null || orderId.isBlank() ? null : orderId);
        } catch (SpotApiException.NotFound unknown) {
            return Optional.empty();
        }
    }

    public Kit updateKitMetadata(String kitId, Map<String, Object> metadata) {
        return execute(new Call("POST", "/api/v2/kits/" + encode(kitId) + "/", Map.of(),
                Map.of("metadata", metadata)), Kit.class, null);
    }

    /**
     * Creates a requisition (a kit collected in the clinic). The barcode is unique across Spot, so a resend after a
     * lost answer would be refused: before resending, {@code alreadyCreated} looks for it (by barcode).
     */
    public Requisition createRequisition(CreateRequisition requisition,
                                         Supplier<Optional<Requisition>> alreadyCreated) {
        return execute(new Call("POST", "/api/v2/requisitions/", Map.of(), requisition), Requisition.class,
                alreadyCreated);
    }

    /** Creates a requisition; before resending after a lost answer, looks for it by its barcode. */
    public Requisition createRequisition(CreateRequisition requisition) {
        return createRequisition(requisition, () -> findRequisitionByBarcode(requisition.barcode()));
    }

    /** The requisition of a barcode, if Spot has one (checked here too: the list's filters are not all published). */
    public Optional<Requisition> findRequisitionByBarcode(String barcode) {
        if (barcode == null) {
            return Optional.empty();
        }
        return listRequisitions(Map.of("barcode", barcode), 0, 100).stream()
                .filter(r -> r != null && barcode.equals(r.barcode())).findFirst();
    }

    public Requisition retrieveRequisition(String requisitionId) {
        return execute(new Call("GET", "/api/v2/requisitions/" + encode(requisitionId) + "/", Map.of(), null),
                Requisition.class, null);
    }

    /** One page of GET /api/v2/requisitions/ (filters such as status or barcode are passed as given). */
    public List<Requisition> listRequisitions(Map<String, String> filters, int offset, int results) {
        return execute(new Call("GET", "/api/v2/requisitions/", page(filters, offset, results), null),
                listOf(Requisition.class), null);
    }

    /** Every requisition matching the filters (null for none), page by page with the configured page size. */
    public List<Requisition> listAllRequisitions(Map<String, String> filters) {
        Map<String, String> given = filters == null ? Map.of() : filters;
        return allPages((offset, size) -> listRequisitions(given, offset, size));
    }

    public Patient createPatient(CreatePatient patient) {
        return execute(new Call("POST", "/api/v2/patients/", Map.of(), patient), Patient.class, null);
    }

    /** A one-time token (10 minutes) with which the patient registers a kit; the token is a secret. */
    public RegistrationToken createRegistrationToken(RegistrationTokenRequest request) {
        return execute(new Call("POST", "/api/v2/tokens/patient_registration/", Map.of(), request),
                RegistrationToken.class, null);
    }

    /** Activates a kit (API v3; some kit types only) for a patient id or a person's details. */
    public KitActivation activateKit(String kitId, ActivateKit activation) {
        return execute(new Call("POST", "/api/v3/kits/" + encode(kitId) + "/activate/", Map.of(), activation),
                KitActivation.class, null);
    }

    /** Downloads a report document (the PDF) with the API key, for EHRs that cannot reach Spot themselves. */
    public byte[] fetchDocument(String absoluteUrl) {
        if (!config.trustsDocumentHost(absoluteUrl)) {
            // Never hand the API key to a host Spot's documents are not known to live on.
            throw new SpotApiException(0, null, List.of("untrusted document host"), "Report document host of "
                    + absoluteUrl.replaceFirst("^(https?://[^/]+).*", "$1") + " is not in spot.api.document-hosts", null);
        }
        return execute(new Call("GET", absoluteUrl, Map.of(), null), byte[].class, null);
    }

    private interface PageFetcher<T> {
        List<T> fetch(int offset, int size);
    }

    private <T> List<T> allPages(PageFetcher<T> fetcher) {
        List<T> all = new ArrayList<>();
        int size = config.pageSize();
        for (int page = 0; page < MAX_PAGES; page++) {
            List<T> rows = fetcher.fetch(page * size, size);
            all.addAll(rows);
            if (rows.size() < size) {
                return all;
            }
        }
        throw new IllegalStateException("More than " + MAX_PAGES + " pages from Spot: narrow the filters");
    }

    private static Map<String, String> page(Map<String, String> filters, int offset, int results) {
        Map<String, String> query = new LinkedHashMap<>(filters);
        query.put("results", Integer.toString(Math.max(1, Math.min(100, results))));
        query.put("offset", Integer.toString(Math.max(0, offset)));
        return query;
    }

    private record Call(String method, String path, Map<String, String> query, Object body) {
        String url(String baseUrl) {
            String base = path.startsWith("http://") || path.startsWith("https://") ? path : baseUrl + path;
            if (query.isEmpty()) {
                return base;
            }
            StringJoiner qs = new StringJoiner("&", "?", "");
            query.forEach((k, v) -> qs.add(encode(k) + "=" + encode(v)));
            return base + qs;
        }

        String logPath() {
            return path.startsWith("http") ? path.replaceFirst("^https?://[^/]+", "") : path;
        }
    }

    private record Response(int status, byte[] body, String retryAfter, Exception failure) {
        String text() {
            return body == null ? "" : new String(body, StandardCharsets.UTF_8);
        }
    }

    private <T> T execute(Call call, Class<T> type, Supplier<Optional<T>> alreadyDone) {
        return execute(call, json.constructType(type), alreadyDone);
    }

    private <T> T execute(Call call, JavaType type, Supplier<Optional<T>> alreadyDone) {
        return execute(call, type, alreadyDone, config.retry());
    }

    @SuppressWarnings("unchecked")
    private <T> T execute(Call call, JavaType type, Supplier<Optional<T>> alreadyDone, RetryPolicy retry) {
        Response last = null;
        for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
            if (attempt > 1 && alreadyDone != null && mayHaveBeenApplied(last)) {
                Optional<T> done = alreadyDone.get();
                if (done.isPresent()) {
                    LOG.info("Spot {} {}: found the result of an earlier attempt, not resending",
                            call.method(), call.logPath());
                    return done.get();
                }
            }
            last = send(call);
            if (last.failure() == null && last.status() >= 200 && last.status() < 300) {
                return type.getRawClass() == byte[].class ? (T) last.body() : read(last, type);
            }
            failIfPermanent(last);
            if (attempt < retry.maxAttempts()) {
                Duration delay = retry.delayAfter(attempt, retryAfter(last.retryAfter()));
                LOG.warn("Spot {} {} failed ({}), attempt {}/{}, retrying in {} ms", call.method(), call.logPath(),
                        describe(last), attempt, retry.maxAttempts(), delay.toMillis());
                pause(delay);
            }
        }
        SpotErrorParser.SpotError error = last.failure() != null
                ? new SpotErrorParser.SpotError(null, List.of(last.failure().getClass().getSimpleName()))
                : SpotErrorParser.parse(last.status(), last.text());
        throw new SpotApiException.Unavailable(last.status(), error.type(), error.details(), retry.maxAttempts(),
                last.failure());
    }

    private Response send(Call call) {
        long start = System.nanoTime();
        Exchange exchange = template.request(endpointUri, ex -> {
            var in = ex.getIn();
            in.setHeader(Exchange.HTTP_URI, call.url(config.baseUrl()));
            in.setHeader(Exchange.HTTP_METHOD, HttpMethods.valueOf(call.method())); // the enum: no conversion per call
            in.setHeader("Authorization", "Token " + config.apiKey());
            in.setHeader("Accept", "application/json");
            if (call.body() != null) {
                in.setHeader(Exchange.CONTENT_TYPE, "application/json");
                in.setBody(json.writeValueAsBytes(call.body()));
            } else {
                in.setBody(null);
            }
        });
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (exchange.getException() != null) {
            LOG.debug("Spot {} {} -> {} after {} ms", call.method(), call.logPath(),
                    exchange.getException().getClass().getSimpleName(), ms);
            return new Response(0, null, null, exchange.getException());
        }
        var out = exchange.getMessage();
        int status = out.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        LOG.debug("Spot {} {} -> {} in {} ms", call.method(), call.logPath(), status, ms);
        return new Response(status, out.getBody(byte[].class), out.getHeader("Retry-After", String.class), null);
    }

    private static void failIfPermanent(Response response) {
        if (response.failure() != null) {
            return;
        }
        int status = response.status();
        if (status == 429 || status >= 500) {
            return;
        }
        SpotErrorParser.SpotError error = SpotErrorParser.parse(status, response.text());
        switch (status) {
            case 400 -> throw new SpotApiException.BadRequest(error.type(), error.details());
            case 404 -> throw new SpotApiException.NotFound(error.type(), error.details());
            case 401, 403 -> throw new SpotApiException.Configuration(status, error.type(), error.details());
            default -> throw new SpotApiException(status, error.type(), error.details(),
                    "Unexpected answer from Spot: HTTP " + status + ": " + String.join("; ", error.details()), null);
        }
    }

    /** A refused connection never reached Spot; a 5xx or a read timeout may have done the work. */
    private static boolean mayHaveBeenApplied(Response last) {
        if (last == null) {
            return false;
        }
        if (last.failure() != null) {
            return !(rootCause(last.failure()) instanceof ConnectException);
        }
        return last.status() >= 500;
    }

    private static Throwable rootCause(Throwable t) {
        Throwable cause = t;
        while (cause.getCause() != null && cause.getCause() != cause && !(cause instanceof ConnectException)) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String describe(Response response) {
        return response.failure() != null ? response.failure().getClass().getSimpleName()
                : "HTTP " + response.status();
    }

    private static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(header.trim()));
        } catch (NumberFormatException httpDate) {
            return null; // an HTTP-date: fall back to our own back-off
        }
    }

    private void pause(Duration delay) {
        try {
            sleeper.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpotApiException.Unavailable(0, null, List.of("interrupted"), 0, e);
        }
    }

    private <T> T read(Response response, JavaType type) {
        return bodies.read(response.body(), response.status(), type);
    }

    private JavaType listOf(Class<?> element) {
        return json.getTypeFactory().constructCollectionType(List.class, element);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
