package io.spotlink.spot;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotlink.spot.model.Kit;
import io.spotlink.spot.model.KitSummary;
import io.spotlink.spot.model.Order;
import io.spotlink.spot.model.OrderSummary;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.http.HttpMethods;
import org.apache.camel.ProducerTemplate;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

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

    public List<KitSummary> listAllKits(Map<String, String> filters) {
        return allPages((offset, size) -> listKits(filters, offset, size));
    }

    public Kit updateKitMetadata(String kitId, Map<String, Object> metadata) {
        return execute(new Call("POST", "/api/v2/kits/" + encode(kitId) + "/", Map.of(),
                Map.of("metadata", metadata)), Kit.class);
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

    private <T> T execute(Call call, Class<T> type) {
        return execute(call, json.constructType(type));
    }

    @SuppressWarnings("unchecked")
    private <T> T execute(Call call, JavaType type) {
        Exchange exchange = template.request("direct:spot-call", ex -> {
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
        try {
            return json.readValue(body, type);
        } catch (IOException e) {
            int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
            throw new SpotApiException(status, null, List.of("unreadable response body"),
                    "Spot answered HTTP " + status + " with a body that does not match the API schema", e);
        }
    }

    private JavaType listOf(Class<?> element) {
        return json.getTypeFactory().constructCollectionType(List.class, element);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
