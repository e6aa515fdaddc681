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

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Spot API v2 for the Java parts (result following, lookups, check-before-resend): each call goes through route
 * spot-call, which retries what is safe to retry (Camel redelivery, Retry-After honoured) behind the circuit
 * breaker of spot-http. The calls that have a route of their own (spot-create-order, spot-create-patient,
 * spot-create-requisition, spot-get-requisition, spot-list-requisitions, spot-create-registration-token,
 * spot-activate-kit, spot-update-order-metadata) are made through that route, so a step added there applies here
 * too. Logs carry method, path (ids only) and status: never the key, query strings or bodies.
 */
public class SpotClient {

    /** Exchange property of route spot-create-requisition: the caller's own look-up after a failed create. */
    public static final String REQUISITION_LOOKUP = "SpotlinkRequisitionLookup";
    /** Exchange property of route spot-create-requisition: the CreateRequisition, for the default look-up. */
    public static final String REQUISITION = "SpotlinkRequisition";

    private final ProducerTemplate template;
    private final SpotClientConfig config;
    private final ObjectMapper json = SpotJson.mapper();
    private final SpotAnswers answers = new SpotAnswers();

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
        return viaRoute("direct:spot-create-order", order, Map.of(), Map.of(), Order.class);
    }

    public Order retrieveOrder(String orderId) {
        return execute(new Call("GET", "/api/v2/orders/" + SpotRequests.segment(orderId) + "/", Map.of(), null),
                Order.class);
    }

    /** One page of GET /api/v2/orders/. Filters: email, status, created_after, ... (see spot-api.md). */
    public List<OrderSummary> listOrders(Map<String, String> filters, int offset, int results) {
        return execute(new Call("GET", "/api/v2/orders/", SpotRequests.page(filters, offset, results), null),
                listOf(OrderSummary.class));
    }

    /** Every order matching the filters, page by page with the configured page size. */
    public List<OrderSummary> listAllOrders(Map<String, String> filters) {
        return allPages((offset, size) -> listOrders(filters, offset, size));
    }

    /** Replaces an order's metadata through route spot-update-order-metadata (retried: a replacement). */
    public Order updateOrderMetadata(String orderId, Map<String, Object> metadata) {
        return viaRoute("direct:spot-update-order-metadata", metadata, Map.of("SpotOrderId", orderId), Map.of(),
                Order.class);
    }

    public Kit retrieveKit(String kitId) {
        return execute(new Call("GET", "/api/v2/kits/" + SpotRequests.segment(kitId) + "/", Map.of(), null),
                Kit.class);
    }

    /** One page of GET /api/v2/kits/ (kit_status, sample_status, has_order, kit_type, date filters). */
    public List<KitSummary> listKits(Map<String, String> filters, int offset, int results) {
        return execute(new Call("GET", "/api/v2/kits/", SpotRequests.page(filters, offset, results), null),
                listOf(KitSummary.class));
    }

    /**
     * The order a kit belongs to, by one GET /api/v2/kits/{id}/ and no retry (a caller that cannot wait, such as a
     * callback; its list entry names the order as order_id): empty when Spot does not know the kit (404) or names
     * no order. Any other failure is thrown at once.
     */
    public Optional<String> orderOfKit(String kitId) {
        try {
            com.fasterxml.jackson.databind.JsonNode kit = execute(new Call("GET", "/api/v2/kits/"
                    + SpotRequests.segment(kitId) + "/", Map.of(), null),
                    json.constructType(com.fasterxml.jackson.databind.JsonNode.class), ONCE);
            String orderId = kit == null ? null : kit.path("order_id").asText(null);
            return Optional.ofNullable(orderId == null || orderId.isBlank() ? null : orderId);
        } catch (SpotApiException.NotFound unknown) {
            return Optional.empty();
        }
    }

    public Kit updateKitMetadata(String kitId, Map<String, Object> metadata) {
        return execute(new Call("POST", "/api/v2/kits/" + SpotRequests.segment(kitId) + "/", Map.of(),
                Map.of("metadata", metadata)), Kit.class);
    }

    /**
     * Creates a requisition (a kit collected in the clinic) through route spot-create-requisition, once: it is not
     * resent blindly. The barcode is unique across Spot, so when the call fails in a way that may have reached Spot,
     * {@code alreadyCreated} looks for it (by barcode) before the failure is given up; the caller's retry looks
     * again first.
     */
    public Requisition createRequisition(CreateRequisition requisition,
                                         Supplier<Optional<Requisition>> alreadyCreated) {
        return viaRoute("direct:spot-create-requisition", requisition, Map.of(),
                Map.of(REQUISITION_LOOKUP, alreadyCreated), Requisition.class);
    }

    /** Creates a requisition; after a failure that may have reached Spot, looks for it by its barcode. */
    public Requisition createRequisition(CreateRequisition requisition) {
        return viaRoute("direct:spot-create-requisition", requisition, Map.of(), Map.of(), Requisition.class);
    }

    /**
     * Step of route spot-create-requisition after its create failed: a refusal (400, 401/403, 404) is thrown as it
     * is; any other failure may have reached Spot, so the requisition is looked for (the caller's look-up, or by
     * barcode) before the failure is given up.
     */
    @SuppressWarnings("unchecked")
    public Requisition requisitionAfterFailedCreate(Exchange exchange) {
        RuntimeException failure = SpotAnswers.asSpotFailure(
                exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
        if (failure instanceof SpotApiException.BadRequest || failure instanceof SpotApiException.Configuration
                || failure instanceof SpotApiException.NotFound) {
            throw failure;
        }
        Supplier<Optional<Requisition>> lookup = exchange.getProperty(REQUISITION_LOOKUP, Supplier.class);
        if (lookup == null) {
            CreateRequisition requisition = exchange.getProperty(REQUISITION, CreateRequisition.class);
            lookup = () -> findRequisitionByBarcode(requisition == null ? null : requisition.barcode());
        }
        return lookup.get().orElseThrow(() -> failure);
    }

    /** The requisition of a barcode, if Spot has one (checked here too: the list's filters are not all published). */
    public Optional<Requisition> findRequisitionByBarcode(String barcode) {
        if (barcode == null) {
            return Optional.empty();
        }
        return listRequisitions(Map.of("barcode", barcode), 0, 100).stream()
                .filter(r -> r != null && barcode.equals(r.barcode())).findFirst();
    }

    /** Through route spot-get-requisition. */
    public Requisition retrieveRequisition(String requisitionId) {
        return viaRoute("direct:spot-get-requisition", requisitionId, Map.of(), Map.of(), Requisition.class);
    }

    /** One page of GET /api/v2/requisitions/ (filters such as status or barcode are passed as given). */
    public List<Requisition> listRequisitions(Map<String, String> filters, int offset, int results) {
        return execute(new Call("GET", "/api/v2/requisitions/", SpotRequests.page(filters, offset, results), null),
                listOf(Requisition.class));
    }

    /**
     * Every requisition matching the filters (null for none), page by page with the configured page size: through
     * route spot-list-requisitions.
     */
    @SuppressWarnings("unchecked")
    public List<Requisition> listAllRequisitions(Map<String, String> filters) {
        return viaRoute("direct:spot-list-requisitions", filters, Map.of(), Map.of(), List.class);
    }

    /** Creates a patient through route spot-create-patient, once (a resend would create a second patient). */
    public Patient createPatient(CreatePatient patient) {
        return viaRoute("direct:spot-create-patient", patient, Map.of(), Map.of(), Patient.class);
    }

    /** A one-time token (10 minutes) with which the patient registers a kit; the token is a secret. Once. */
    public RegistrationToken createRegistrationToken(RegistrationTokenRequest request) {
        return viaRoute("direct:spot-create-registration-token", request, Map.of(), Map.of(),
                RegistrationToken.class);
    }

    /** Activates a kit (API v3; some kit types only) for a patient id or a person's details. Once. */
    public KitActivation activateKit(String kitId, ActivateKit activation) {
        return viaRoute("direct:spot-activate-kit", activation, Map.of("SpotKitId", kitId), Map.of(),
                KitActivation.class);
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
        SpotPages pages = new SpotPages(Map.of(), config.pageSize());
        while (pages.more()) {
            pages.add(fetcher.fetch(pages.offset(), pages.size()));
        }
        return pages.rows();
    }

    /** A call that has a route of its own: its answer (already typed by the route), or its failure as thrown. */
    private <T> T viaRoute(String route, Object body, Map<String, Object> headers, Map<String, Object> properties,
                           Class<T> type) {
        Exchange exchange = template.request(route, ex -> {
            properties.forEach(ex::setProperty);
            headers.forEach(ex.getIn()::setHeader);
            ex.getIn().setBody(body);
        });
        if (exchange.getException() != null) {
            throw SpotAnswers.asSpotFailure(exchange.getException());
        }
        return exchange.getMessage().getBody(type);
    }

    private record Call(String method, String path, Map<String, String> query, Object body) {
        String url(String baseUrl) {
            String base = path.startsWith("http://") || path.startsWith("https://") ? path : baseUrl + path;
            if (query.isEmpty()) {
                return base;
            }
            return base + "?" + SpotRequests.query(query);
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
        // the body is read once, here or by SpotAnswers: a streamed answer is empty on a second read
        if (type.getRawClass() == byte[].class) {
            return (T) exchange.getMessage().getBody(byte[].class);
        }
        return answers.read(exchange, type);
    }

    private JavaType listOf(Class<?> element) {
        return json.getTypeFactory().constructCollectionType(List.class, element);
    }
}
