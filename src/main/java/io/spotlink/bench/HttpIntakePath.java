package io.spotlink.bench;

import io.spotlink.sim.SpotSimulator;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * POST /orders to the bundle (a child JVM) against the same load sent straight to the simulator's
 * POST /api/v2/orders/, at each number of connections. Every bundle order is unique (a fresh source_order_id), so
 * each 201 is one order created at Spot: the simulator's order count must grow by exactly the 201s counted, which
 * catches an id bug that would answer repeats from the ledger and inflate the figure.
 */
final class HttpIntakePath {

    static final String SPOT_CREATE_BODY = """
            {"kit_types":["health_kit_1"],"recipient":{"first_name":"Zerelda","last_name":"Quigglesworth",
             "email":"bench@example.org","phone":"4155550187","address":{"street1":"742 Evergreen Terrace",
             "city":"San Francisco","state":"CA","country":"US","zip":"94105"}}}""";

    private final SpotSimulator spot;
    private final BenchBundle bundle;
    private final HttpLoad load = new HttpLoad();
    private final String runId = Long.toString(System.currentTimeMillis(), 36).toUpperCase(Locale.ROOT);

    HttpIntakePath(SpotSimulator spot, BenchBundle bundle) {
        this.spot = spot;
        this.bundle = bundle;
    }

    /** A canonical hospital order with a source_order_id unique to this run and request. */
    static String hospitalOrder(String id) {
        return """
                {"source_order_id":"%s","source_system":"BENCH","test_codes":["LIPID"],
                 "recipient":{"first_name":"Zerelda","last_name":"Quigglesworth","email":"bench@example.org",
                  "phone":"4155550187","address":{"street1":"742 Evergreen Terrace","city":"San Francisco",
                  "state":"CA","country":"US","zip":"94105"}},
                 "patient":{"mrn":"MRN-%s","birth_date":"1984-07-19","sex":"F"}}""".formatted(id, id);
    }

    private HttpRequest toBundle(long n) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bundle.httpPort + "/orders"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(hospitalOrder("B" + runId + "-" + n))).build();
    }

    private HttpRequest toSpot(long n) {
        return HttpRequest.newBuilder(URI.create(spot.baseUrl() + "/api/v2/orders/"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .header("Authorization", "Token " + BenchBundle.API_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(SPOT_CREATE_BODY)).build();
    }

    /** A short run of each, so both sides have their connections open and their code compiled. */
    void warmUp(Duration duration) throws Exception {
        measure(16, duration, true);
        measure(16, duration, false);
    }

    List<Figure> run(List<Integer> connections, Duration duration) throws Exception {
        List<Figure> figures = new ArrayList<>();
        for (int n : connections) {
            HttpLoad.Result direct = measure(n, duration, false);
            HttpLoad.Result intake = measure(n, duration, true);
            double ratio = intake.rate(201) / direct.rate(201);
            boolean met = ratio >= 0.5 && (n < 64 || intake.rate(201) >= 3000);
            figures.add(Figure.of("HTTP intake, " + n + " connections", intake.summary(201),
                    "direct to the simulator: " + direct.summary(201), percent(ratio),
                    n >= 64 ? ">= 3,000/s and >= 50%" : ">= 50%", met));
        }
        return figures;
    }

    /** One run; fails when the simulator did not create exactly one order per 201. */
    private HttpLoad.Result measure(int connections, Duration duration, boolean viaBundle) throws Exception {
        int before = spot.orderCount();
        HttpLoad.Result result = load.run(connections, duration, viaBundle ? this::toBundle : this::toSpot);
        int created = spot.orderCount() - before;
        if (created != result.count(201)) {
            throw new IllegalStateException((viaBundle ? "bundle" : "direct") + " at " + connections
                    + " connections: " + result.count(201) + " answers 201 but " + created + " orders created");
        }
        if (viaBundle) {
            bundle.alive();
        }
        return result;
    }

    static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.0f%%", ratio * 100);
    }
}
