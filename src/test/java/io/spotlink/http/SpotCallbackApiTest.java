package io.spotlink.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.spotlink.ledger.OrderLedger;
import io.spotlink.following.KitTracker;
import io.spotlink.sim.SpotSimulator;
import io.spotlink.spot.SpotJson;
import io.spotlink.support.Orders;
import io.spotlink.support.RunningBundle;
import io.spotlink.support.Simulators;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** POST /spot/callbacks over real HTTP: limits, answers, and what each id costs at Spot. */
class SpotCallbackApiTest {

    private static final String SECRET = "cb-secret-7";

    @TempDir
    Path dir;
    private final HttpClient http = HttpClient.newHttpClient();

    private RunningBundle start(String spotUrl, String... keyValues) throws Exception {
        Map<String, String> settings = new HashMap<>(Map.of("spotlink.callback.secret", SECRET,
                "spotlink.results.poll-enabled", "false", "spotlink.deliver.file.enabled", "false",
                "spotlink.intake.jms.enabled", "false"));
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            settings.put(keyValues[i], keyValues[i + 1]);
        }
        return RunningBundle.start(dir, spotUrl, Simulators.API_KEY, settings);
    }

    private HttpResponse<String> callback(RunningBundle bundle, String body, String secret) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(bundle.baseUrl() + "/spot/callbacks"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (secret != null) {
            request.header("X-Spot-Signature", secret);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        return SpotJson.mapper().readTree(response.body());
    }

    private static String kits(int count) {
        return "{\"event\":\"kit.updated\",\"kit_ids\":[" + String.join(",", IntStream.range(0, count)
                .mapToObj(i -> "\"SPOT" + (900000 + i) + "\"").toList()) + "]}";
    }

    /** A stand-in Spot that counts every request it gets and answers 404. */
    private static HttpServer countingSpot(AtomicInteger requests) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
        return server;
    }

    @Test
    void badCallbacksAnswerAClearJsonError() throws Exception {
        AtomicInteger spotRequests = new AtomicInteger();
        HttpServer spot = countingSpot(spotRequests);
        try (RunningBundle bundle = start("http://127.0.0.1:" + spot.getAddress().getPort())) {
            String body = "{\"event\":\"kit.updated\",\"kit_id\":\"SPOT123456\"}";
            assertThat(json(callback(bundle, body, null)).path("message").asText()).contains("callback secret");
            HttpResponse<String> wrong = callback(bundle, body, "wrong");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(json(wrong).path("status").asInt()).isEqualTo(401);

            HttpResponse<String> notJson = callback(bundle, "not json {", SECRET);
            assertThat(notJson.statusCode()).isEqualTo(400);
            assertThat(json(notJson).path("message").asText()).contains("not JSON").doesNotContain("{");
            HttpResponse<String> noIds = callback(bundle, "{\"hello\":\"world\"}", SECRET);
            assertThat(noIds.statusCode()).isEqualTo(400);
            assertThat(json(noIds).path("message").asText()).contains("no order or kit id");
            HttpResponse<String> empty = callback(bundle, "", SECRET);
            assertThat(empty.statusCode()).isEqualTo(400);

            HttpResponse<String> tooMany = callback(bundle, kits(21), SECRET);
            assertThat(tooMany.statusCode()).isEqualTo(400);
            assertThat(json(tooMany).path("message").asText()).contains("more than 20", "spotlink.callback.max-ids");

            HttpResponse<String> tooLarge = callback(bundle, "{\"kit_id\":\"SPOT123456\",\"pad\":\""
                    + "x".repeat(70_000) + "\"}", SECRET);
            assertThat(tooLarge.statusCode()).isEqualTo(413);
            assertThat(json(tooLarge).path("message").asText()).contains("65536");
            assertThat(spotRequests).as("no refused callback reached Spot").hasValue(0);
        } finally {
            spot.stop(0);
        }
    }

    @Test
    void unknownIdsAreIgnoredAfterOneKitLookupEachAndNoListing() throws Exception {
        java.util.Queue<String> spotRequests = new java.util.concurrent.ConcurrentLinkedQueue<>();
        HttpServer spot = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        spot.createContext("/", exchange -> {
            spotRequests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            // one kit meets a failing Spot: the lookup is not retried, the id is ignored (result-poll catches up)
            exchange.sendResponseHeaders(exchange.getRequestURI().getPath().contains("SPOT900007") ? 500 : 404, -1);
            exchange.close();
        });
        spot.start();
        try (RunningBundle bundle = start("http://127.0.0.1:" + spot.getAddress().getPort())) {
            HttpResponse<String> answer = callback(bundle, kits(19).replace("]}", ",\"O7654321\"]}"), SECRET);
            assertThat(answer.statusCode()).isEqualTo(202);
            JsonNode body = json(answer);
            assertThat(body.path("fetching")).isEmpty();
            assertThat(body.path("ignored")).hasSize(20);
            assertThat(body.path("ignored").toString()).contains("SPOT900000", "O7654321");
            assertThat(spotRequests).as("one retrieve per unknown kit (404 or 500: ignored, never retried), nothing "
                    + "for an unknown order, no kit listing").hasSize(19).allMatch(r -> r.matches("GET /api/v2/kits/SPOT9000\\d\\d/"));
        } finally {
            spot.stop(0);
        }
    }

    @Test
    void knownOrderAndKitIdsAreFetchedAndUnknownOnesIgnored() throws Exception {
        try (SpotSimulator sim = Simulators.start(); RunningBundle bundle = start(sim.baseUrl())) {
            HttpResponse<String> created = bundle.post("/orders",
                    SpotJson.mapper().writeValueAsString(Orders.valid("CB-1")));
            String spotId = SpotJson.mapper().readTree(created.body()).path("spot_order_id").asText();
            KitTracker kits = bundle.bean("kitTracker", KitTracker.class);
            OrderLedger ledger = bundle.bean("orderLedger", OrderLedger.class);
            assertThat(ledger.findBySpotOrderId(spotId)).isPresent();

            // A kit Spotlink has not met yet (no poll here) is looked up at Spot once, and leads to its order
            String newKit = await("Spot shipped the order's kit").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200)).until(() -> kitAtSpot(sim, spotId), id -> id != null);
            assertThat(kits.orderOf(newKit)).isEmpty();
            sim.resetCallCounts();
            HttpResponse<String> byNewKit = callback(bundle, "{\"kit_id\":\"" + newKit + "\"}", SECRET);
            assertThat(json(byNewKit).path("fetching").toString()).contains(newKit);
            assertThat(sim.callCounts()).containsEntry("GET /api/v2/kits/{id}/", 1L)
                    .doesNotContainKey("GET /api/v2/kits/");

            HttpResponse<String> byOrder = callback(bundle, "{\"order_id\":\"" + spotId + "\"}", SECRET);
            assertThat(byOrder.statusCode()).isEqualTo(202);
            assertThat(json(byOrder).path("fetching").get(0).asText()).isEqualTo(spotId);
            var jdbc = new org.springframework.jdbc.core.JdbcTemplate(bundle.bean("ledgerDataSource",
                    javax.sql.DataSource.class));

            // Spot ships a kit a moment after the order: each callback fetches again until a fetch has recorded
            // the kit and its status history (written after the kit row)
            await("a fetch recorded the order's kit and its history").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(500)).until(() -> {
                        callback(bundle, "{\"order_id\":\"" + spotId + "\"}", SECRET);
                        return jdbc.queryForList("SELECT kit_id FROM spot_kit WHERE spot_order_id = ?",
                                String.class, spotId).stream().anyMatch(kit -> !kits.history(kit).isEmpty());
                    });
            String kitId = jdbc.queryForList("SELECT kit_id FROM spot_kit WHERE spot_order_id = ?", String.class,
                    spotId).get(0);

            HttpResponse<String> byKit = callback(bundle, "{\"kit_id\":\"" + kitId + "\",\"order_id\":\""
                    + spotId + "\",\"other\":\"SPOT000001\"}", SECRET);
            assertThat(byKit.statusCode()).isEqualTo(202);
            JsonNode body = json(byKit);
            assertThat(body.path("fetching").toString()).contains(kitId, spotId);
            assertThat(body.path("ignored").toString()).isEqualTo("[\"SPOT000001\"]");
        }
    }

    private String kitAtSpot(SpotSimulator sim, String spotOrderId) throws Exception {
        HttpResponse<String> order = http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/api/v2/orders/"
                + spotOrderId + "/")).header("Authorization", "Token " + Simulators.API_KEY).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode kits = SpotJson.mapper().readTree(order.body()).path("kits");
        return kits.isEmpty() ? null : kits.get(0).path("kit_id").asText();
    }

    @Test
    void authenticatedCallbacksAboveTheRateAreAnswered429WithRetryAfter() throws Exception {
        AtomicInteger spotRequests = new AtomicInteger();
        HttpServer spot = countingSpot(spotRequests);
        try (RunningBundle bundle = start("http://127.0.0.1:" + spot.getAddress().getPort(),
                "spotlink.callback.rate-limit", "1", "spotlink.callback.rate-burst", "2")) {
            for (int i = 0; i < 5; i++) {
                assertThat(callback(bundle, "{\"kit_id\":\"SPOT123456\"}", "wrong").statusCode())
                        .as("refused callers use none of the rate").isEqualTo(401);
            }
            List<HttpResponse<String>> answers = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                answers.add(callback(bundle, "{\"kit_id\":\"SPOT123456\"}", SECRET));
            }
            assertThat(answers).extracting(HttpResponse::statusCode).startsWith(202, 202).contains(429);
            HttpResponse<String> limited = answers.stream().filter(a -> a.statusCode() == 429).findFirst()
                    .orElseThrow();
            assertThat(limited.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(json(limited).path("message").asText()).contains("at most 1 per second");
        } finally {
            spot.stop(0);
        }
    }
}
