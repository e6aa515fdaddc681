package io.spotlink.spot;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotlink.spot.model.ActivateKit;
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

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.Supplier;

/**
 * Spot API v2 for the Java parts (result following, lookups, check-before-resend): each call goes through route
 * spot-call, which retries what is safe to retry (Camel redelivery, Retry-After honoured) behind the circuit
 * breaker of spot-http. Creating orders is route spot-create-order's, never this class's.
 * Logs carry method, path (ids only) and status: never the key, query strings or bodies.
 */
public class SpotClient {

    private static final int MAX_PAGES = 1000;

    private final ProducerTemplate template;
    private final SpotClientConfig config;
    private final ObjectMapper json = SpotJson.mapper();
    private final SpotBodyReader bodies = new SpotBodyReader();

    public SpotClient(CamelContext context, SpotClientConfig config) {
        this.template = context.createProducerTemplate();
        this.config = config;
    }

    public SpotClientConfig config() {
        return config;
    }

    /**
     * Creates an order through route spot-create-order (the same path order-submit takes, without a ledger row, so
     * with no check-before-resend): a failure is not resent.
     */
    public Order createOrder(io.spotlink.spot.model.CreateOrder order) {
        Exchange exchange = template.request("direct:spot-create-order", ex -> ex.getIn().setBody(order));
        if (exchange.getException() != null) {
            throw SpotAnswers.asSpotFailure(exchange.getException());
        }
        return exchange.getMessage().getBody(Order.class);
    }

    public Order retrieveOrder(String orderId) {
        return execute(new Call("GET", "/api/v2/orders/" + encode(orderId) + "/", Map.of(), null), Order.class);
    }

    /** One page of GET /api/v2/orders/. Filters: email, status, created_after, ... (see spot-api.md). */
    public List<OrderSummary> listOrders(Map<String, String> filters, int offset, int results) {
        return execute(new Call("GET", "/api/v2/orders/", page(filters, offset, results), null),
                listOf(OrderSummary.class));
    }

    /** Every order matching the filters, page by page with the configured page size. */
    public List<OrderSummary> listAllOrders(Map<String, String> filters) {
        return allPages((offset, size) -> listOrders(filters, offset, size));
    }

    public Order updateOrderMetadata(String orderId, Map<String, Object> metadata) {
        return execute(new Call("POST", "/api/v2/orders/" + encode(orderId) + "/", Map.of(),
                Map.of("metadata", metadata)), Order.class);
    }

    public Kit retrieveKit(String kitId) {
        return execute(new Call("GET", "/api/v2/kits/" + encode(kitId) + "/", Map.of(), null), Kit.class);
    }

    /** One page of GET /api/v2/kits/ (kit_status, sample_status, has_order, kit_type, date filters). */
    public List<KitSummary> listKits(Map<String, String> filters, int offset, int results) {
        return execute(new Call("GET", "/api/v2/kits/", page(filters, offset, results), null),
                listOf(KitSummary.class));
    }

    /**
     * The order a kit belongs to, by one GET /api/v2/kits/{id}/ and no retry (a caller that cannot wait, such as a
     * callback; its list entry names the order as order_id): empty when Spot does not know the kit (404) or names
     * no order. Any other failure is thrown at once.
     */
    public Optional<String> orderOfKit(String kitId) {
        try {
            com.fasterxml.jackson.databind.JsonNode kit = execute(new Call("GET", "/api/v2/kits/" + encode(kitId)
                    + "/", Map.of(), null), json.constructType(com.fasterxml.jackson.databind.JsonNode.class), ONCE);
            String orderId = kit == null ? null : kit.path("order_id").asText(null);
            return Optional.ofNullable(orderId == null || orderId.isBlank() ? null : orderId);
        } catch (SpotApiException.NotFound unknown) {
            return Optional.empty();
        }
    }

    public Kit updateKitMetadata(String kitId, Map<String, Object> metadata) {
        return execute(new Call("POST", "/api/v2/kits/" + encode(kitId) + "/", Map.of(),
                Map.of("metadata", metadata)), Kit.class);
    }

    /**
     * Creates a requisition (a kit collected in the clinic), once: it is not resent blindly. The barcode is unique
     * across Spot, so when the call fails in a way that may have reached Spot, {@code alreadyCreated} looks for it
     * (by barcode) before the failure is given up; the caller's retry looks again first.
     */
    public Requisition createRequisition(CreateRequisition requisition,
                                         Supplier<Optional<Requisition>> alreadyCreated) {
        try {
            return execute(new Call("POST", "/api/v2/requisitions/", Map.of(), requisition),
                    json.constructType(Requisition.class), ONCE);
        } catch (SpotApiException.BadRequest | SpotApiException.Configuration | SpotApiException.NotFound refused) {
            throw refused;
        } catch (RuntimeException mayHaveReachedSpot) {
            return alreadyCreated.get().orElseThrow(() -> mayHaveReachedSpot);
        }
    }

    /** Creates a requisition; after a failure that may have reached Spot, looks for it by its barcode. */
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
                Requisition.class);
    }

    /** One page of GET /api/v2/requisitions/ (filters such as status or barcode are passed as given). */
    public List<Requisition> listRequisitions(Map<String, String> filters, int offset, int results) {
        return execute(new Call("GET", "/api/v2/requisitions/", page(filters, offset, results), null),
                listOf(Requisition.class));
    }

    /** Every requisition matching the filters (null for none), page by page with the configured page size. */
    public List<Requisition> listAllRequisitions(Map<String, String> filters) {
        Map<String, String> given = filters == null ? Map.of() : filters;
        return allPages((offset, size) -> listRequisitions(given, offset, size));
    }

    /** Creates a patient, once (a resend would create a second patient). */
    public Patient createPatient(CreatePatient patient) {
        return execute(new Call("POST", "/api/v2/patients/", Map.of(), patient), json.constructType(Patient.class),
                ONCE);
    }

    /** A one-time token (10 minutes) with which the patient registers a kit; the token is a secret. Once. */
    public RegistrationToken createRegistrationToken(RegistrationTokenRequest request) {
        return execute(new Call("POST", "/api/v2/tokens/patient_registration/", Map.of(), request),
                json.constructType(RegistrationToken.class), ONCE);
    }

    /** Activates a kit (API v3; some kit types only) for a patient id or a person's details. Once. */
    public KitActivation activateKit(String kitId, ActivateKit activation) {
        return execute(new Call("POST", "/api/v3/kits/" + encode(kitId) + "/activate/", Map.of(), activation),
                json.constructType(KitActivation.class), ONCE);
    }

    /** Downloads a report document (the PDF) with the API key, for EHRs that cannot reach Spot themselves. */
    public byte[] fetchDocument(String absoluteUrl) {
        if (!config.trustsDocumentHost(absoluteUrl)) {
            // Never hand the API key to a host Spot's documents are not known to live on.
            throw new SpotApiException(0, null, List.of("untrusted document host"), "Report document host of "
                    + absoluteUrl.replaceFirst("^(https?://[^/]+).*", "$1") + " is not in spot.api.document-hosts", null);
        }
        return execute(new Call("GET", absoluteUrl, Map.of(), null), byte[].class);
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
    }

    /** Through spot-call: retried by Camel's redelivery (reads, metadata replacements: safe to repeat). */
    private static final String RETRIED = "direct:spot-call";
    /** Straight to spot-http, behind the breaker but never resent: creates whose repeat would make a second one. */
    private static final String ONCE = "direct:spot-http";

    private <T> T execute(Call call, Class<T> type) {
        return execute(call, json.constructType(type));
    }

    private <T> T execute(Call call, JavaType type) {
        return execute(call, type, RETRIED);
    }

    @SuppressWarnings("unchecked")
    private <T> T execute(Call call, JavaType type, String route) {
        Exchange exchange = template.request(route, ex -> {
            var in = ex.getIn();
            in.setHeader(Exchange.HTTP_URI, call.url(config.baseUrl()));
            in.setHeader(Exchange.HTTP_METHOD, HttpMethods.valueOf(call.method())); // the enum: no conversion per call
            if (call.body() != null) {
                in.setHeader(Exchange.CONTENT_TYPE, "application/json");
                in.setBody(json.writeValueAsBytes(call.body()));
            } else {
                in.setBody(null);
            }
        });
        if (exchange.getException() != null) {
            throw SpotAnswers.asSpotFailure(exchange.getException());
        }
        byte[] body = exchange.getMessage().getBody(byte[].class);
        if (type.getRawClass() == byte[].class) {
            return (T) body;
        }
        // tolerant: a value that cannot be read costs that value only, logged once by id (SpotBodyReader)
        return bodies.read(body, exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class), type);
    }

    private JavaType listOf(Class<?> element) {
        return json.getTypeFactory().constructCollectionType(List.class, element);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
