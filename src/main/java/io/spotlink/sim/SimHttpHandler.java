package io.spotlink.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.spotlink.spot.SpotJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Spot API v2's endpoints over the JDK HTTP server. Logs method, path and status only. */
final class SimHttpHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(SimHttpHandler.class);
    private static final Pattern ORDERS = Pattern.compile("^/api/v2/orders/?$");
    private static final Pattern ORDER = Pattern.compile("^/api/v2/orders/([^/]+)/?$");
    private static final Pattern KITS = Pattern.compile("^/api/v2/kits/?$");
    private static final Pattern KIT = Pattern.compile("^/api/v2/kits/([^/]+)/?$");
    private static final Pattern PDF = Pattern.compile("^/results/([^/]+)\\.pdf$");
    private static final byte[] PDF_BYTES = ("%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
            + "2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R"
            + "/MediaBox[0 0 612 792]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n").getBytes(StandardCharsets.US_ASCII);

    private static final java.util.Set<Integer> DOCUMENTED_ERROR_STATUSES = java.util.Set.of(400, 401, 403, 404, 500);

    private final ObjectMapper json = SpotJson.mapper();
    private final OrderStore store;
    private final SpotJsonRenderer renderer;
    private final FaultInjector faults;
    private final Clock clock;
    private final String apiKey;
    private final ExchangeObserver observer;
    private final AtomicInteger createsReceived = new AtomicInteger();
    private final Map<String, java.util.concurrent.atomic.LongAdder> calls = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    /** True once the current thread's request has left the in-flight count. */
    private final ThreadLocal<Boolean> answering = ThreadLocal.withInitial(() -> true);
    private volatile List<SimEndpoint> endpoints = List.of();

    SimHttpHandler(OrderStore store, SpotJsonRenderer renderer, FaultInjector faults, Clock clock, String apiKey,
                   ExchangeObserver observer) {
        this.observer = observer;
        this.store = store;
        this.renderer = renderer;
        this.faults = faults;
        this.clock = clock;
        this.apiKey = apiKey;
    }

    /** More of Spot's API (requisitions, patients, tokens, kit activation), asked in turn after orders and kits. */
    void addEndpoints(List<SimEndpoint> more) {
        List<SimEndpoint> all = new java.util.ArrayList<>(endpoints);
        all.addAll(more);
        endpoints = List.copyOf(all);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        calls.computeIfAbsent(method + " " + template(path), k -> new java.util.concurrent.atomic.LongAdder())
                .increment();
        if (observer == ExchangeObserver.NONE) {
            handleCounted(exchange, method, path);
        } else {
            handleObserved(exchange, method, path);
        }
    }

    /** Handles the request with its body and answer captured, then shows both to the observer. */
    private void handleObserved(HttpExchange exchange, String method, String path) throws IOException {
        byte[] request = exchange.getRequestBody().readAllBytes();
        java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream();
        OutputStream original = exchange.getResponseBody();
        exchange.setStreams(new java.io.ByteArrayInputStream(request), new java.io.FilterOutputStream(original) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                answer.write(b, off, len);
                out.write(b, off, len);
            }

            @Override
            public void write(int b) throws IOException {
                answer.write(b);
                out.write(b);
            }
        });
        handleCounted(exchange, method, path);
        Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, v.isEmpty() ? "" : v.get(0)));
        int status = exchange.getResponseCode() < 0 ? 0 : exchange.getResponseCode();
        observer.exchanged(new ExchangeObserver.Exchange(method, path, exchange.getRequestURI().getRawQuery(),
                headers, request, status, exchange.getResponseHeaders().getFirst("Content-Type"),
                answer.toByteArray()));
    }

    private void handleCounted(HttpExchange exchange, String method, String path) throws IOException {
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        answering.set(false);
        try {
            handleInFlight(exchange, method, path);
        } finally {
            leave();
        }
    }

    /**
     * Ends this request's turn in the in-flight count, once: before its answer is sent (the client may ask again
     * the moment it has the answer), or when the handler returns without one. An observer's check afterwards is
     * not Spot's work and is not counted.
     */
    private void leave() {
        if (!answering.get()) {
            answering.set(true);
            inFlight.decrementAndGet();
        }
    }

    private void handleInFlight(HttpExchange exchange, String method, String path) throws IOException {
        int status;
        try {
            FaultInjector.Fault fault = faults.next();
            pause();
            if (fault == FaultInjector.Fault.TIMEOUT) {
                // no answer within the client's timeout, and no work: a gateway that gave up
                sleep(faults.slowDelay());
                exchange.close();
                return;
            }
            if (fault == FaultInjector.Fault.DROP) {
                LOG.debug("sim {} {} -> dropped", method, path);
                exchange.close();
                return;
            }
            if (!authorised(exchange)) {
                status = error(exchange, 401, "unauthorized", "Invalid token.");
            } else if (fault == FaultInjector.Fault.SERVER_ERROR) {
                status = error(exchange, 500, "internal_server_error", "A server error occurred.");
            } else if (fault == FaultInjector.Fault.RATE_LIMIT) {
                exchange.getResponseHeaders().add("Retry-After", Integer.toString(faults.retryAfterSeconds()));
                status = error(exchange, 429, "rate_limit_exceeded", "Request was throttled.");
            } else {
                status = route(exchange, method, path);
            }
        } catch (RuntimeException e) {
            status = error(exchange, 500, "internal_server_error", "Simulator error: " + e.getClass().getSimpleName());
        }
        LOG.debug("sim {} {} -> {}", method, path, status == 0 ? "dropped" : status);
    }

    private int route(HttpExchange exchange, String method, String path) throws IOException {
        Instant now = clock.instant();
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        Matcher m;
        if (ORDERS.matcher(path).matches()) {
            return "POST".equals(method) ? create(exchange) : "GET".equals(method)
                    ? listOrders(exchange, query, now) : notAllowed(exchange);
        }
        if ((m = ORDER.matcher(path)).matches()) {
            SimOrder order = store.order(m.group(1));
            if (order == null) {
                return error(exchange, 404, "not_found", "Not found.");
            }
            if ("POST".equals(method)) {
                JsonNode body = readJson(exchange);
                if (body == null || !body.isObject() || !body.has("metadata") || !(body.get("metadata").isObject()
                        || body.get("metadata").isNull())) {
                    return error(exchange, 400, "bad_request", "The metadata field is required and must be an object");
                }
                order.metadata = json.convertValue(body.get("metadata"), Map.class);
                order.metadataUpdated = now;
            }
            return send(exchange, 200, renderer.order(order, now));
        }
        if (KITS.matcher(path).matches()) {
            return "GET".equals(method) ? listKits(exchange, query, now) : notAllowed(exchange);
        }
        if ((m = KIT.matcher(path)).matches()) {
            SimKit kit = store.kit(m.group(1));
            if (kit == null || now.isBefore(kit.created) || !store.orderOf(kit).kitsVisibleAt(now)) {
                return error(exchange, 404, "not_found", "Not found.");
            }
            if ("POST".equals(method)) {
                JsonNode body = readJson(exchange);
                if (body == null || !body.isObject() || !body.hasNonNull("metadata") || !body.get("metadata").isObject()) {
                    return error(exchange, 400, "bad_request", "The metadata field is required");
                }
                kit.metadata = json.convertValue(body.get("metadata"), Map.class);
            }
            return send(exchange, 200, renderer.retrievedKit(kit, store.orderOf(kit), now));
        }
        if ((m = PDF.matcher(path)).matches() && "GET".equals(method)) {
            exchange.getResponseHeaders().add("Content-Type", "application/pdf");
            leave();
            exchange.sendResponseHeaders(200, PDF_BYTES.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(PDF_BYTES);
            }
            return 200;
        }
        for (SimEndpoint endpoint : endpoints) {
            SimAnswer answer = endpoint.answer(method, path, query, () -> readJson(exchange), now);
            if (answer != null) {
                return send(exchange, answer.status(), answer.body());
            }
        }
        return error(exchange, 404, "not_found", "Not found.");
    }

    private int create(HttpExchange exchange) throws IOException {
        JsonNode body = readJson(exchange);
        if (body == null) {
            return error(exchange, 400, "bad_request", "JSON parse error: the request body is not valid JSON");
        }
        List<String> problems = CreateOrderValidator.validate(body);
        if (!problems.isEmpty()) {
            return error(exchange, 400, "bad_request", String.join("; ", problems));
        }
        int number = createsReceived.incrementAndGet();
        if (!faults.holdBeforeCreate(number)) {
            return dropped(exchange);
        }
        Instant now = clock.instant(); // after the hold: the order exists from now on
        SimOrder order = store.create(body, now);
        LOG.debug("sim created order {} with {} kit(s)", order.orderId, order.kits.size());
        FaultInjector.AnswerFault lost = faults.afterCreate();
        if (!faults.holdAfterCreate(number) || lost == FaultInjector.AnswerFault.DROP) {
            return dropped(exchange);
        }
        if (lost == FaultInjector.AnswerFault.SERVER_ERROR) {
            return error(exchange, 500, "internal_server_error", "A server error occurred.");
        }
        if (lost == FaultInjector.AnswerFault.SLOW && !sleep(faults.slowDelay())) {
            return dropped(exchange);
        }
        return send(exchange, 201, renderer.order(order, now));
    }

    /** Requests received so far (faults included), by "METHOD /path/{id}/" template. */
    Map<String, Long> callCounts() {
        Map<String, Long> counts = new java.util.TreeMap<>();
        calls.forEach((k, v) -> counts.put(k, v.sum()));
        return counts;
    }

    void resetCallCounts() {
        calls.clear();
        maxInFlight.set(inFlight.get());
    }

    /** The most requests handled at once since the last reset. */
    int maxInFlight() {
        return maxInFlight.get();
    }

    private static String template(String path) {
        Matcher m = ORDER.matcher(path);
        if (!ORDERS.matcher(path).matches() && m.matches()) {
            return "/api/v2/orders/{id}/";
        }
        if (!KITS.matcher(path).matches() && (m = KIT.matcher(path)).matches()) {
            return "/api/v2/kits/{id}/";
        }
        return ORDERS.matcher(path).matches() ? "/api/v2/orders/" : KITS.matcher(path).matches() ? "/api/v2/kits/"
                : "other";
    }

    /** Create-order requests that arrived valid, whatever became of them (held, dropped, answered). */
    int createsReceived() {
        return createsReceived.get();
    }

    private static int dropped(HttpExchange exchange) {
        exchange.close();
        return 0;
    }

    private int listOrders(HttpExchange exchange, Map<String, String> query, Instant now) throws IOException {
        Paging paging = paging(query);
        if (paging == null) {
            return error(exchange, 400, "bad_request", "results must be 1-100 and offset >= 0");
        }
        // The date filters first: they are what a change list asks, and they spare the rest at 100,000 orders.
        Predicate<SimOrder> filter = o -> inDateRange(query, "updated", o.updatedAt(now))
                && inDateRange(query, "created", o.created)
                && (query.get("status") == null || matches(query.get("status"), o.statusAt(now)))
                && matchesIgnoreCase(query.get("email"), o.email())
                && matchesIgnoreCase(query.get("first_name"), o.recipient.path("first_name").asText())
                && matchesIgnoreCase(query.get("last_name"), o.recipient.path("last_name").asText())
                && matches(query.get("phone"), o.recipient.path("phone").asText());
        ArrayNode page = json.createArrayNode();
        store.orders().stream().filter(filter).skip(paging.offset()).limit(paging.results())
                .forEach(o -> page.add(renderer.orderSummary(o, now)));
        return send(exchange, 200, page);
    }

    private int listKits(HttpExchange exchange, Map<String, String> query, Instant now) throws IOException {
        Paging paging = paging(query);
        if (paging == null) {
            return error(exchange, 400, "bad_request", "results must be 1-100 and offset >= 0");
        }
        ArrayNode page = json.createArrayNode();
        store.kits().stream().filter(k -> !now.isBefore(k.created) && store.orderOf(k).kitsVisibleAt(now))
                .filter(k -> !"false".equalsIgnoreCase(query.get("has_order")))
                .filter(k -> matches(query.get("kit_status"), k.statusAt(now, "KIT"))
                        && matches(query.get("sample_status"), k.statusAt(now, "SAMPLE"))
                        && matches(query.get("kit_type"), k.kitType)
                        && inDateRange(query, "created", k.created))
                .skip(paging.offset()).limit(paging.results())
                .forEach(k -> page.add(renderer.kitSummary(k, store.orderOf(k), now)));
        return send(exchange, 200, page);
    }

    private record Paging(int results, int offset) {
    }

    private static Paging paging(Map<String, String> query) {
        try {
            int results = Integer.parseInt(query.getOrDefault("results", "10"));
            int offset = Integer.parseInt(query.getOrDefault("offset", "0"));
            return results < 1 || results > 100 || offset < 0 ? null : new Paging(results, offset);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean matches(String wanted, String actual) {
        return wanted == null || wanted.equals(actual);
    }

    private static boolean matchesIgnoreCase(String wanted, String actual) {
        return wanted == null || wanted.equalsIgnoreCase(actual);
    }

    private static boolean inDateRange(Map<String, String> query, String field, Instant value) {
        LocalDate date = value.atZone(ZoneOffset.UTC).toLocalDate();
        String after = query.get(field + "_after");
        String before = query.get(field + "_before");
        return (after == null || !date.isBefore(LocalDate.parse(after)))
                && (before == null || !date.isAfter(LocalDate.parse(before)));
    }

    private boolean authorised(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        return header != null && header.equals("Token " + apiKey);
    }

    private void pause() {
        sleep(faults.latency());
    }

    /** False when interrupted (the simulator is closing). */
    private static boolean sleep(java.time.Duration duration) {
        if (duration.isZero() || duration.isNegative()) {
            return true;
        }
        try {
            Thread.sleep(duration.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private JsonNode readJson(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        try {
            return body.length == 0 ? null : json.readTree(body);
        } catch (IOException notJson) {
            return null;
        }
    }

    private int notAllowed(HttpExchange exchange) throws IOException {
        return error(exchange, 405, "bad_request", "Method not allowed.");
    }

    private int error(HttpExchange exchange, int status, String type, String detail) throws IOException {
        ObjectNode body = json.createObjectNode();
        ObjectNode error = body.putObject("error");
        if (DOCUMENTED_ERROR_STATUSES.contains(status)) { // Spot's document lists no other (429, 405 leave it out)
            error.put("status", status);
        }
        error.put("type", type);
        error.put("detail", detail);
        return send(exchange, status, body);
    }

    private int send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        leave();
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
        return status;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(key, value);
        }
        return params;
    }
}
