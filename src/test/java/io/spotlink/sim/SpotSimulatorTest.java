package io.spotlink.sim;

import com.fasterxml.jackson.databind.JsonNode;
import io.spotlink.spot.SpotJson;
import io.spotlink.support.Simulators;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The simulator itself, over real HTTP: schema validation, ids, determinism, the lifecycle on its clock. */
class SpotSimulatorTest {

    private static final String VALID = """
            {"kit_types":["health_kit_1"],"recipient":{"first_name":"A","last_name":"B","email":"a@b.org",
             "phone":"4155550100","address":{"street1":"1 Main","city":"Austin","state":"TX","country":"US",
             "zip":"73301"}},"metadata":{"k":"v"}}""";

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> call(SpotSimulator sim, String method, String path, String body, String key)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sim.baseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json");
        if (key != null) {
            request.header("Authorization", "Token " + key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return SpotJson.mapper().readTree(response.body());
    }

    @Test
    void validatesCreateOrderAgainstTheSchemaNamingEveryProblem() throws Exception {
        try (SpotSimulator sim = Simulators.start()) {
            String bad = "{\"kit_types\":\"health_kit_1\",\"recipient\":{\"first_name\":7,\"email\":\"a@b.org\","
                    + "\"phone\":\"1\",\"address\":{\"street1\":\"1 Main\",\"city\":\"X\",\"state\":\"TX\","
                    + "\"country\":\"MX\"}},\"metadata\":[1]}";
            HttpResponse<String> response = call(sim, "POST", "/api/v2/orders/", bad, Simulators.API_KEY);
            assertThat(response.statusCode()).isEqualTo(400);
            JsonNode error = json(response).path("error");
            assertThat(error.path("type").asText()).isEqualTo("bad_request");
            assertThat(error.path("status").asInt()).isEqualTo(400);
            assertThat(error.path("detail").asText()).contains("kit_types must be an array of strings",
                    "recipient.first_name must be a string", "The recipient.last_name field is required",
                    "The recipient.address.zip field is required", "recipient.address.country must be one of US, CA",
                    "metadata must be an object or null");
            assertThat(call(sim, "POST", "/api/v2/orders/", "{not json", Simulators.API_KEY).statusCode())
                    .isEqualTo(400);
            assertThat(sim.orderCount()).isZero();
        }
    }

    @Test
    void refusesMissingOrWrongTokensAndUnknownIds() throws Exception {
        try (SpotSimulator sim = Simulators.start()) {
            assertThat(call(sim, "GET", "/api/v2/orders/", null, null).statusCode()).isEqualTo(401);
            HttpResponse<String> wrong = call(sim, "GET", "/api/v2/orders/", null, "nope");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(json(wrong).path("error").path("type").asText()).isEqualTo("unauthorized");
            assertThat(call(sim, "GET", "/api/v2/orders/O0000000/", null, Simulators.API_KEY).statusCode())
                    .isEqualTo(404);
            assertThat(call(sim, "GET", "/api/v2/orders/?results=101", null, Simulators.API_KEY).statusCode())
                    .isEqualTo(400);
        }
    }

    @Test
    void theSameSeedGivesTheSameIdsAndResults() throws Exception {
        List<String> first = run(7);
        List<String> second = run(7);
        assertThat(first).isEqualTo(second);
        assertThat(first.get(0)).matches("O\\d{7}");
        assertThat(first.get(1)).matches("SPOT\\d{6}");
        assertThat(run(8)).isNotEqualTo(first);
    }

    private List<String> run(long seed) throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        try (SpotSimulator sim = SpotSimulator.start(Simulators.config("sim.seed", Long.toString(seed),
                "sim.stage-duration", "PT1H", "sim.amendment-rate", "1", "sim.partial-rate", "0").withClock(clock))) {
            String orderId = json(call(sim, "POST", "/api/v2/orders/", VALID, Simulators.API_KEY)).path("order_id")
                    .asText();
            clock.advance(Duration.ofDays(1));
            JsonNode order = json(call(sim, "GET", "/api/v2/orders/" + orderId + "/", null, Simulators.API_KEY));
            JsonNode kit = order.path("kits").get(0);
            List<String> values = new ArrayList<>(List.of(orderId, kit.path("kit_id").asText()));
            kit.path("sample").path("reports").forEach(r -> r.path("results")
                    .forEach(x -> values.add(x.path("name").asText() + "=" + x.path("result").asText())));
            return values;
        }
    }

    @Test
    void runsKitsAndSamplesThroughTheirLifecycleOnTheClock() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        try (SpotSimulator sim = SpotSimulator.start(Simulators.config("sim.stage-duration", "PT1H",
                "sim.amendment-rate", "1", "sim.partial-rate", "1", "sim.extra-checks-rate", "1").withClock(clock))) {
            JsonNode created = json(call(sim, "POST", "/api/v2/orders/", VALID, Simulators.API_KEY));
            assertThat(created.path("status").asText()).isEqualTo("pending");
            assertThat(created.path("kits")).isEmpty();
            String path = "/api/v2/orders/" + created.path("order_id").asText() + "/";
            List<String> sampleStatuses = new ArrayList<>();
            JsonNode order = null;
            for (int hour = 1; hour <= 12; hour++) {
                clock.advance(Duration.ofHours(1));
                order = json(call(sim, "GET", path, null, Simulators.API_KEY));
                String status = order.path("kits").get(0).path("sample").path("status").asText();
                if (sampleStatuses.isEmpty() || !sampleStatuses.get(sampleStatuses.size() - 1).equals(status)) {
                    sampleStatuses.add(status);
                }
            }
            assertThat(sampleStatuses).containsExactly("awaiting_collection", "in_transit", "delivered", "received",
                    "extra_quality_checks", "partially_resulted", "resulted");
            assertThat(order.path("status").asText()).isEqualTo("completed");
            JsonNode kit = order.path("kits").get(0);
            assertThat(kit.path("status").asText()).isEqualTo("registered");
            assertThat(kit.path("registered_to").path("patient_id").asText()).hasSize(36);
            JsonNode retrieved = json(call(sim, "GET", "/api/v2/kits/" + kit.path("kit_id").asText() + "/", null,
                    Simulators.API_KEY));
            assertThat(retrieved.path("order_id").asText()).as("retrieve-kit names its order, as the kit list does")
                    .isEqualTo(created.path("order_id").asText());
            assertThat(retrieved.path("sample").path("reports")).hasSize(2);
            JsonNode reports = kit.path("sample").path("reports");
            assertThat(reports).hasSize(2);
            assertThat(reports.get(1).path("is_amendment").asBoolean()).isTrue();
            List<String> types = reports.get(0).path("results").findValuesAsText("result_type");
            assertThat(types).contains("quantity", "genotype");
            assertThat(reports.get(0).path("results").findValues("result")).anyMatch(JsonNode::isNumber)
                    .anyMatch(r -> r.isTextual() && r.asText().matches("[<>]=?\\d.*"));
            assertThat(call(sim, "GET", "/results/" + reports.get(0).path("report_id").asText() + ".pdf", null,
                    Simulators.API_KEY).body()).startsWith("%PDF");
        }
    }

    /**
     * The JDK server leaves Nagle on unless this property is set before its first server is made; with Nagle each
     * small answer waits for the client's delayed ACK (~40 ms). The figure printed is for the reader, not asserted.
     */
    @Test
    void answersWithoutNagleDelay() throws Exception {
        try (SpotSimulator sim = Simulators.start()) {
            assertThat(System.getProperty("sun.net.httpserver.nodelay")).isEqualTo("true");
            assertThat(SpotSimulator.WORKERS).isGreaterThanOrEqualTo(16);
            int calls = 100;
            long start = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                assertThat(call(sim, "GET", "/api/v2/orders/", null, Simulators.API_KEY).statusCode()).isEqualTo(200);
            }
            System.out.printf("simulator: %.2f ms per sequential call on one connection%n",
                    (System.nanoTime() - start) / 1e6 / calls);
        }
    }
}
