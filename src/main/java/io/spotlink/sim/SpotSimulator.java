package io.spotlink.sim;

import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for Spot's API v2 over real HTTP on 127.0.0.1: validates orders against the published schemas, runs
 * kits and samples through their lifecycle on a configurable clock, and injects faults on demand.
 */
public final class SpotSimulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SpotSimulator.class);
    /** The JDK server reads this once, when its first server is made: without it Nagle holds each answer ~40 ms. */
    static final String NO_DELAY = "sun.net.httpserver.nodelay";
    /** Requests served at once: enough for a client's connection pool, and for faults that sleep in a worker. */
    static final int WORKERS = 32;

    static {
        System.setProperty(NO_DELAY, "true");
    }

    private final HttpServer server;
    private final ExecutorService workers;
    private final ScheduledExecutorService ticker;
    private final OrderStore store;
    private final FaultInjector faults;
    private final CallbackNotifier callbacks;
    private final SimulatorConfig config;
    private final SimHttpHandler handler;
    private final SimRequisitions requisitions;
    private final SimPatientHandler patients;

    private SpotSimulator(SimulatorConfig config) throws IOException {
        this.config = config;
        this.store = new OrderStore(config);
        this.faults = new FaultInjector(config.faults(), config.seed());
        System.setProperty(NO_DELAY, "true");
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), config.port()), 128);
        this.workers = Executors.newFixedThreadPool(WORKERS, daemon("spot-sim-http"));
        server.setExecutor(workers);
        SpotJsonRenderer renderer = new SpotJsonRenderer(baseUrl(), config.variants(), config.seed());
        this.handler = new SimHttpHandler(store, renderer, faults, config.clock(), config.apiKey(), config.observer());
        server.createContext("/", handler);
        this.requisitions = new SimRequisitions(config);
        this.patients = new SimPatientHandler(config.seed(), config.apiKey());
        handler.addEndpoints(java.util.List.of(new SimRequisitionHandler(requisitions, new SpotJsonRenderer(baseUrl()), faults),
                patients, new SimKitActivationHandler(store, patients::patientExists),
                new SimAdminHandler(store, renderer, config.exceptions().replacement())));
        this.callbacks = config.callbackUrl() == null ? null
                : new CallbackNotifier(config.callbackUrl(), config.callbackSecret());
        this.ticker = Executors.newSingleThreadScheduledExecutor(daemon("spot-sim-ticker"));
        server.start();
        if (callbacks != null) {
            long period = Math.max(50, config.stageDuration().toMillis() / 2);
            ticker.scheduleAtFixedRate(this::tick, period, period, TimeUnit.MILLISECONDS);
        }
        LOG.info("Spot simulator listening on {}", baseUrl());
    }

    public static SpotSimulator start(SimulatorConfig config) {
        try {
            return new SpotSimulator(config);
        } catch (IOException e) {
            throw new UncheckedIOException("Spot simulator could not listen on port " + config.port(), e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The fault knobs, settable while the simulator runs. */
    public FaultInjector faults() {
        return faults;
    }

    public int orderCount() {
        return store.orderCount();
    }

    /** Create-order requests that arrived valid, including those still held or whose answer was lost. */
    public int createsReceived() {
        return handler.createsReceived();
    }

    /**
     * Requests received, by "METHOD /path/{id}/" template (e.g. "GET /api/v2/orders/{id}/" for a retrieve and
     * "GET /api/v2/orders/" for a list page), so tests and benchmarks count what a client cost Spot.
     */
    public java.util.Map<String, Long> callCounts() {
        return handler.callCounts();
    }

    /** Resets the call counts and the most-in-flight gauge. */
    public void resetCallCounts() {
        handler.resetCallCounts();
    }

    /** The most requests the simulator handled at once since the last reset (it serves up to WORKERS). */
    public int maxConcurrentRequests() {
        return handler.maxInFlight();
    }

    /**
     * Creates orders directly in the store, without HTTP, from one valid create-order body (for scale tests and
     * benchmarks that need many thousand orders). Returns their ids in creation order.
     */
    public java.util.List<String> seedOrders(int count, String createOrderJson) {
        com.fasterxml.jackson.databind.JsonNode body;
        try {
            body = io.spotlink.spot.SpotJson.mapper().readTree(createOrderJson);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!CreateOrderValidator.validate(body).isEmpty()) {
            throw new IllegalArgumentException("not a valid create-order body");
        }
        java.util.List<String> ids = new java.util.ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ids.add(store.create(body, config.clock().instant()).orderId);
        }
        return ids;
    }

    /** Changes an order's "updated" to now, as a metadata update would (a change that brings no new report). */
    public void touch(String orderId) {
        SimOrder order = store.order(orderId);
        if (order == null) {
            throw new IllegalArgumentException("no such order");
        }
        order.metadataUpdated = config.clock().instant();
    }

    /** Ids of the orders whose metadata has {@code key} = {@code value} (a source order id, say). */
    public java.util.List<String> orderIdsWithMetadata(String key, String value) {
        return store.orders().stream().filter(o -> o.metadata != null && value.equals(String.valueOf(
                o.metadata.get(key)))).map(o -> o.orderId).toList();
    }

    /** Every kit created, with the report versions it has reached by now, for a soak's reconciliation. */
    public java.util.List<KitReports> reportVersions() {
        java.time.Instant now = config.clock().instant();
        java.util.List<KitReports> all = new java.util.ArrayList<>();
        for (SimOrder order : store.orders()) {
            for (SimKit kit : order.kits) {
                java.util.List<String> versions = new java.util.ArrayList<>();
                if (kit.reached("SAMPLE", "partially_resulted", now)) {
                    versions.add("P");
                }
                if (kit.reached("SAMPLE", "resulted", now)) {
                    versions.add("F");
                }
                if (kit.hasAmendment() && !now.isBefore(kit.amendedAt())) {
                    versions.add("C");
                }
                all.add(new KitReports(order.orderId, kit.kitId, kit.reportId, kit.amendmentReportId,
                        java.util.List.copyOf(versions), !kit.finishedAt().isAfter(now)));
            }
        }
        return all;
    }

    /**
     * One kit's reports as the simulator made them: {@code versions} reached so far, in order, among P (partial,
     * replaced by F under the same report id), F (final) and C (the amendment, its own report id).
     */
    public record KitReports(String orderId, String kitId, String reportId, String amendmentReportId,
                             java.util.List<String> versions, boolean finished) {
    }

    /** Requisitions created (approved or denied). */
    public int requisitionCount() {
        return requisitions.count();
    }

    /** VALID, EXPIRED (10 minutes after it was made, on the simulator's clock) or UNKNOWN: for tests. */
    public String registrationTokenStatus(String token) {
        return patients.tokenStatus(token, config.clock().instant()).name();
    }

    /** Posts callbacks for every change since the last tick (runs by itself when a callback URL is set). */
    public void tick() {
        if (callbacks != null) {
            try {
                callbacks.check(store, config.clock().instant());
            } catch (RuntimeException e) {
                LOG.debug("sim callback tick failed: {}", e.getClass().getSimpleName());
            }
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        server.stop(0);
        workers.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
