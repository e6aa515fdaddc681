package io.spotlink.recipes;

import com.sun.net.httpserver.HttpServer;
import io.spotlink.intake.SpotOrderMapper;
import io.spotlink.sim.SpotSimulator;
import io.spotlink.spot.SpotJson;
import io.spotlink.support.Orders;
import io.spotlink.support.RunningBundle;
import io.spotlink.support.Simulators;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's "Customise" recipes, each applied exactly as written (an edit of a copy of routes/ or config/), with
 * the bundle started from that copy and the effect seen at Spot's side over HTTP.
 */
class CustomiseRecipesTest {

    @TempDir
    Path dir;
    private SpotSimulator sim;
    private RunningBundle bundle;
    private HttpServer stub;

    @AfterEach
    void stop() {
        if (bundle != null) {
            bundle.close();
        }
        if (sim != null) {
            sim.close();
        }
        if (stub != null) {
            stub.stop(0);
        }
        System.clearProperty("spotlink.config-dir");
    }

    /** Recipe 1: an enrichment step before the Spot call, in routes/order-enrich.yaml. */
    @Test
    void recipe1AnEnrichmentStepSetsAMetadataKey() throws Exception {
        Path routes = copy("routes");
        edit(routes.resolve("order-enrich.yaml"), """
                        - log:
                            message: "order-enrich: no enrichment configured"
                            loggingLevel: TRACE
                """, """
                        - script:
                            simple: "${body.metadata.put('campaign', 'winter-screening')}"
                """);
        sim = Simulators.start();
        bundle = start(routes, copy("config"), sim.baseUrl());
        assertThat(bundle.post("/orders", json("RC-1")).statusCode()).isEqualTo(201);
        assertThat(sim.orderIdsWithMetadata("campaign", "winter-screening"))
                .isEqualTo(sim.orderIdsWithMetadata(SpotOrderMapper.META_SOURCE_ORDER_ID, "RC-1")).hasSize(1);
    }

    /** Recipe 2: a header on every Spot call, one step in routes/spot-http.yaml. */
    @Test
    void recipe2AHeaderGoesOnEverySpotCall() throws Exception {
        Path routes = copy("routes");
        edit(routes.resolve("spot-http.yaml"), """
                        - setHeader:
                            name: Accept
                            constant: application/json
                """, """
                        - setHeader:
                            name: Accept
                            constant: application/json
                        - setHeader:
                            name: X-Spotlink-Site
                            constant: north-campus
                """);
        List<String> seen = new CopyOnWriteArrayList<>();
        stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        stub.createContext("/", exchange -> {
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("X-Spotlink-Site"));
            byte[] body = "{\"order_id\":\"O1234567\",\"status\":\"pending\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(201, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        stub.start();
        bundle = start(routes, copy("config"), "http://127.0.0.1:" + stub.getAddress().getPort());
        assertThat(bundle.post("/orders", json("RC-2")).statusCode()).isEqualTo(201);
        assertThat(seen).isNotEmpty().allMatch(s -> s.endsWith(" north-campus"));
    }

    /** Recipe 4: the Spot retry policy, in config/application.properties only. */
    @Test
    void recipe4TheRetryPolicyIsConfiguration() throws Exception {
        Path config = copy("config");
        edit(config.resolve("application.properties"), "spot.api.retry.max-redeliveries = 4",
                "spot.api.retry.max-redeliveries = 1");
        sim = Simulators.start();
        bundle = start(copy("routes"), config, sim.baseUrl());
        assertThat(bundle.post("/orders", json("RC-4")).statusCode()).isEqualTo(201);
        sim.faults().setErrorRate(1.0);
        sim.resetCallCounts();
        bundle.get("/orders/RC-4?refresh=true"); // a lookup asks Spot only when an operator says so
        assertThat(sim.callCounts().getOrDefault("GET /api/v2/orders/{id}/", 0L))
                .as("one retrieve and one redelivery").isEqualTo(2L);
    }

    private RunningBundle start(Path routes, Path config, String spotUrl) throws Exception {
        System.setProperty("spotlink.config-dir", config.toString());
        return RunningBundle.start(dir, spotUrl, Simulators.API_KEY, Map.of("spotlink.routes-dir", routes.toString(),
                "spotlink.results.poll-enabled", "false", "spotlink.intake.retry.enabled", "false",
                "spotlink.intake.recovery.enabled", "false"));
    }

    private Path copy(String folder) throws IOException {
        Path target = dir.resolve("copy-" + folder);
        Files.createDirectories(target);
        try (Stream<Path> files = Files.list(Path.of(folder))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, target.resolve(file.getFileName()));
            }
        }
        return target;
    }

    private static void edit(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        assertThat(text).as("the recipe's starting point in " + file.getFileName()).contains(from);
        Files.writeString(file, text.replace(from, to));
    }

    private static String json(String sourceOrderId) throws Exception {
        return SpotJson.mapper().writeValueAsString(Orders.valid(sourceOrderId));
    }
}
