package io.spotlink.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.spotlink.SpotlinkApplication;
import io.spotlink.ledger.OrderLedger;
import io.spotlink.delivery.Delivery;
import io.spotlink.delivery.DeliveryLedger;
import io.spotlink.delivery.DeliveryStatus;
import io.spotlink.sim.SimulatorConfig;
import io.spotlink.sim.SpotSimulator;
import io.spotlink.spot.SpotJson;
import org.apache.camel.main.Main;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import io.spotlink.http.auth.ApiKeys;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The whole loop on embedded defaults: Spot simulator, bundle, stand-in EHR. Submits examples/, waits for the
 * simulated lifecycle to produce reports, and prints what happened. Exit 0 when every accepted order's results
 * reached the outbox and the EHR.
 */
public final class Demo {

    private static final Duration DEADLINE = Duration.ofMinutes(4);

    private final PrintStream out = System.out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Path workDir = Path.of("data", "demo");
    private final List<Submission> submissions = new ArrayList<>();
    /** The demo's own API key for the bundle's HTTP faces (only its hash is configured), new on each run. */
    private final String demoKey = "demo-key-" + UUID.randomUUID();

    private record Submission(String file, int status, JsonNode answer) {
    }

    private Demo() {
    }

    public static int run(String[] args) throws Exception {
        return new Demo().runDemo();
    }

    private int runDemo() throws Exception {
        LocalRun.deleteRecursively(workDir);
        Files.createDirectories(workDir);
        String apiKey = "demo-" + UUID.randomUUID();
        int bundlePort = LocalRun.freePort();
        out.println("Spotlink demo: starting the Spot simulator, a stand-in EHR and the bundle...");
        try (MllpEhrListener ehr = MllpEhrListener.start(0);
             SpotSimulator sim = SpotSimulator.start(simulatorConfig(apiKey))) {
            Main bundle = SpotlinkApplication.create(bundleOverrides(sim.baseUrl(), apiKey, bundlePort, ehr.port()));
            bundle.start();
            try {
                String base = "http://127.0.0.1:" + bundlePort;
                submitExamples(base);
                List<String> accepted = new ArrayList<>(acceptedOrderIds());
                rejectOneSample(sim, apiKey);
                cancelOneOrder(base, sim, apiKey).ifPresent(accepted::add);
                var registry = bundle.getCamelContext().getRegistry();
                DeliveryLedger deliveries = registry.lookupByNameAndType("deliveryLedger", DeliveryLedger.class);
                OrderLedger orders = registry.lookupByNameAndType("orderLedger", OrderLedger.class);
                out.printf("%nWaiting for the simulated lifecycle of %d order(s) (kits ship, samples are collected, "
                        + "reports arrive)...%n", accepted.size());
                boolean complete = waitForResults(accepted, orders, deliveries);
                printSummary(accepted, deliveries, ehr);
                return complete ? 0 : 1;
            } finally {
                bundle.stop();
            }
        }
    }

    private SimulatorConfig simulatorConfig(String apiKey) {
        Properties p = new Properties();
        p.setProperty("sim.port", "0");
        p.setProperty("sim.api-key", apiKey);
        p.setProperty("sim.seed", "42");
        p.setProperty("sim.stage-duration", "PT1S");
        p.setProperty("sim.amendment-rate", "0.5");
        p.setProperty("sim.partial-rate", "0.5");
        // Spot's answers in every shape its document allows (null reports, unknown statuses and result types, ...)
        p.setProperty("sim.variants", "true");
        return SimulatorConfig.fromProperties(p);
    }

    private Map<String, String> bundleOverrides(String spotUrl, String apiKey, int port, int ehrPort) {
        Map<String, String> o = new HashMap<>();
        o.put("camel.server.host", "127.0.0.1");
        o.put("camel.server.port", Integer.toString(port));
        o.put("spot.api.base-url", spotUrl);
        o.put("spot.api.key", apiKey);
        o.put("spotlink.auth.keys", "demo:submitter+reader+operator:" + ApiKeys.hashOf(demoKey));
        o.put("spotlink.ledger.url", "jdbc:h2:file:" + workDir.toAbsolutePath().resolve("ledger"));
        o.put("spotlink.cluster.file.root", workDir.resolve("cluster").toString());
        o.put("spotlink.jms.embedded.data-dir", workDir.resolve("artemis").toString());
        o.put("spotlink.intake.file.directory", workDir.resolve("inbox").toString());
        o.put("spotlink.intake.mllp.host", "127.0.0.1");
        o.put("spotlink.intake.mllp.port", Integer.toString(LocalRun.freePort()));
        o.put("spotlink.jms.embedded.port", Integer.toString(LocalRun.freePort()));
        o.put("spotlink.results.poll-interval", "1s");
        o.put("spotlink.results.poll-delay", "1s");
        o.put("spotlink.deliver.interval", "500ms");
        o.put("spotlink.deliver.file.enabled", "true");
        o.put("spotlink.deliver.file.directory", workDir.resolve("outbox").toString());
        o.put("spotlink.deliver.mllp.enabled", "true");
        o.put("spotlink.deliver.mllp.port", Integer.toString(ehrPort));
        return o;
    }

    private void submitExamples(String base) throws Exception {
        List<Path> files;
        try (Stream<Path> list = Files.list(Path.of("examples"))) {
            files = list.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        out.printf("%nSubmitting %d sample order(s) from examples/ to POST %s/orders%n", files.size(), base);
        for (Path file : files) {
            submissions.add(post(base, file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8)));
        }
        // The same order again, as a hospital engine that retries would send it: no second Spot order.
        Path repeat = files.stream().filter(f -> !f.toString().contains("bad")).findFirst().orElseThrow();
        submissions.add(post(base, repeat.getFileName() + " (sent again)", Files.readString(repeat)));
    }

    /**
     * Bad news reaching the chart: the sample of the first accepted order's first kit could not be collected. Spot
     * sends a replacement kit, which results normally; the EHR gets an ORU with OBR-25 X for the failed kit.
     */
    private void rejectOneSample(SpotSimulator sim, String apiKey) throws Exception {
        String order = acceptedOrderIds().get(0);
        String kit = firstKit(sim, apiKey, order);
        simCall(sim, apiKey, "POST", "/admin/kits/" + kit + "/state",
                "{\"subject\":\"sample\",\"status\":\"collection_exception\",\"replacement\":true}");
        out.printf("%nSpot marks the sample of kit %s (order %s) collection_exception and sends a new kit.%n", kit, order);
    }

    /**
     * A hospital cancel: one more order, already created at Spot, is canceled by the hospital (DELETE answers 202,
     * "cancel requested", and an operator alert names the Spot order); a person at Spot then cancels it, and the EHR
     * gets an ORU with OBR-25 X. Returns the Spot order id to follow.
     */
    private java.util.Optional<String> cancelOneOrder(String base, SpotSimulator sim, String apiKey) throws Exception {
        Path example = Path.of("examples", "order-wellness-nunez.json");
        com.fasterxml.jackson.databind.node.ObjectNode order = (com.fasterxml.jackson.databind.node.ObjectNode)
                SpotJson.mapper().readTree(Files.readString(example, StandardCharsets.UTF_8));
        String sourceOrderId = order.path("source_order_id").asText() + "-C";
        order.put("source_order_id", sourceOrderId);
        Submission created = post(base, example.getFileName() + " (to cancel)", order.toString());
        submissions.add(created);
        if (created.status() != 201) {
            return java.util.Optional.empty();
        }
        String spotOrder = created.answer().path("spot_order_id").asText();
        HttpResponse<String> cancel = http.send(HttpRequest.newBuilder(URI.create(base + "/orders/"
                        + order.path("source_system").asText() + "/" + sourceOrderId))
                .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + demoKey).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        out.printf("%nThe hospital cancels %s: DELETE answers HTTP %d %s%n", sourceOrderId, cancel.statusCode(),
                cancel.body().strip());
        simCall(sim, apiKey, "POST", "/admin/orders/" + spotOrder + "/cancel", null);
        out.printf("A person at Spot cancels order %s, as the operator alert asked.%n", spotOrder);
        return java.util.Optional.of(spotOrder);
    }

    /** The order's first kit, once Spot has made it (within seconds in the simulator). */
    private String firstKit(SpotSimulator sim, String apiKey, String order) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode kits = simCall(sim, apiKey, "GET", "/api/v2/orders/" + order + "/", null).path("kits");
            if (kits.size() > 0 && !kits.get(0).path("kit_id").asText().isEmpty()) {
                return kits.get(0).path("kit_id").asText();
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("Spot made no kit for order " + order + " within 30 s");
    }

    private JsonNode simCall(SpotSimulator sim, String apiKey, String method, String path, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .header("Authorization", "Token " + apiKey)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode());
        }
        return SpotJson.mapper().readTree(response.body());
    }

    private Submission post(String base, String name, String json) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/orders"))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + demoKey)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        return new Submission(name, response.statusCode(), SpotJson.mapper().readTree(response.body()));
    }

    private List<String> acceptedOrderIds() {
        return submissions.stream().filter(s -> s.status() == 201).map(s -> s.answer().path("spot_order_id").asText())
                .toList();
    }

    /** Done when the poller has seen every order completed at Spot and every ORU has an outcome. */
    private boolean waitForResults(List<String> accepted, OrderLedger orders, DeliveryLedger deliveries)
            throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            boolean done = true;
            for (String order : accepted) {
                List<Delivery> sent = deliveries.forOrder(order);
                boolean completed = orders.findBySpotOrderId(order)
                        .map(r -> "completed".equals(r.spotStatus()) || "canceled".equals(r.spotStatus()))
                        .orElse(false);
                boolean delivered = !sent.isEmpty() && sent.stream()
                        .allMatch(d -> d.status() == DeliveryStatus.DELIVERED || d.status() == DeliveryStatus.FAILED);
                done &= completed && delivered;
            }
            if (done) {
                return true;
            }
            Thread.sleep(500);
        }
        out.println("The lifecycle did not finish within " + DEADLINE.toMinutes() + " minutes.");
        return false;
    }

    private void printSummary(List<String> accepted, DeliveryLedger deliveries, MllpEhrListener ehr) {
        out.printf("%n=== Orders ===%n");
        for (Submission s : submissions) {
            JsonNode a = s.answer();
            String outcome = a.path("outcome").asText();
            if (s.status() == 201 || s.status() == 200) {
                out.printf("  %-38s HTTP %d %-9s %s -> Spot order %s%n", s.file(), s.status(), outcome,
                        a.path("source_order_id").asText(), a.path("spot_order_id").asText());
            } else {
                out.printf("  %-38s HTTP %d %s%n", s.file(), s.status(), outcome);
                a.path("errors").forEach(e -> out.printf("      - %s: %s%n", e.path("field").asText(),
                        e.path("message").asText()));
            }
        }
        out.printf("%n=== ORU^R01 messages ===%n");
        out.printf("  %-12s %-10s %-12s %-3s %-6s %-10s %s%n", "control id", "order", "kit", "st", "dest", "status",
                "ACK");
        List<Delivery> all = new ArrayList<>();
        accepted.forEach(o -> all.addAll(deliveries.forOrder(o)));
        all.sort(Comparator.comparingLong(Delivery::id));
        for (Delivery d : all) {
            String ack = d.ackCode() == null ? (d.status() == DeliveryStatus.DELIVERED ? "written" : "-")
                    : d.ackCode() + (d.ackText() == null || d.ackText().isBlank() ? "" : " " + d.ackText());
            out.printf("  %-12s %-10s %-12s %-3s %-6s %-10s %s%n", d.controlId(), d.spotOrderId(), d.kitId(),
                    d.resultStatus(), d.destination(), d.status().name().toLowerCase(), ack);
        }
        out.printf("%n  ORU files in %s; the EHR listener received %d message(s) and sent %d ACK(s).%n",
                workDir.resolve("outbox"), ehr.received().size(), ehr.acks().size());
        out.println("  (st: P partial, F final, C correction of an amended report, X no results: canceled or a new kit "
                + "is needed)");
    }
}
