package io.spotlink.sim;

import com.fasterxml.jackson.databind.JsonNode;
import io.spotlink.spot.SpotJson;
import io.spotlink.support.ContractViolations;
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

/** sim.variants: the simulator writes the shapes Spot's document allows, and they still conform to it. */
class SimulatorVariantsTest {

    private static final String ORDER = """
            {"kit_types":["%s"],"recipient":{"first_name":"A","last_name":"B","email":"a@b.org",
             "phone":"4155550100","address":{"street1":"1 Main","city":"Austin","state":"TX","country":"US",
             "zip":"73301"}}}""";

    private final HttpClient http = HttpClient.newHttpClient();

    private JsonNode get(SpotSimulator sim, String path) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + path))
                .header("Authorization", "Token " + Simulators.API_KEY).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        return SpotJson.mapper().readTree(answer.body());
    }

    private String create(SpotSimulator sim, String kitType) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/api/v2/orders/"))
                .header("Authorization", "Token " + Simulators.API_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(ORDER.formatted(kitType))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(201);
        return SpotJson.mapper().readTree(answer.body()).path("order_id").asText();
    }

    @Test
    void emitsEveryVariantAndStillConformsToSpotsDocument() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        List<JsonNode> seen = new ArrayList<>();
        try (SpotSimulator sim = SpotSimulator.start(Simulators.config("sim.variants", "true", "sim.stage-duration",
                "PT1H", "sim.amendment-rate", "1").withClock(clock))) {
            List<String> orders = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                orders.add(create(sim, List.of("health_kit_1", "sti_kit", "vitamin_d_kit").get(i % 3)));
            }
            for (int hour = 0; hour < 14; hour++) {
                clock.advance(Duration.ofHours(1));
                for (String id : orders) {
                    JsonNode order = get(sim, "/api/v2/orders/" + id + "/");
                    seen.add(order);
                    for (JsonNode kit : order.path("kits")) {
                        seen.add(get(sim, "/api/v2/kits/" + kit.path("kit_id").asText() + "/"));
                    }
                }
                seen.add(get(sim, "/api/v2/orders/?results=100"));
                seen.add(get(sim, "/api/v2/kits/?results=100"));
            }
        }
        String all = seen.toString();
        assertThat(all).as("null entries in reports[]").contains("\"reports\":[null,");
        assertThat(all).as("unknown statuses").contains("\"status\":\"processing\"", "\"status\":\"pending\",\"events\"",
                "\"status\":\"out_for_delivery\"", "\"status\":\"in_lab\"");
        assertThat(all).as("an unknown result type").contains("\"result_type\":\"titer\"");
        assertThat(all).as("range_minimum as text, a number as text").contains("\"range_minimum\":\"");
        assertThat(seen).anyMatch(n -> !n.findValues("result").stream()
                .filter(r -> r.isTextual() && r.asText().matches("\\d+(\\.\\d+)?")).toList().isEmpty());
        assertThat(all).as("extra fields").contains("\"added_later\":{");
        assertThat(seen).as("a report without its nullable txt").anyMatch(n -> n.findValues("report_id").size() > 0
                && n.findParents("report_id").stream().anyMatch(r -> !r.has("txt")));
        // Spot's document closes its status and result-type lists, yet Spot names statuses beyond them (spot-api.md:
        // "accept unknown values"): those values are the one deviation the variants make on purpose.
        List<String> violations = ContractViolations.drain();
        List<String> unknownValues = violations.stream().filter(SimulatorVariantsTest::unknownValue).toList();
        assertThat(unknownValues).as("the unknown statuses and result type").isNotEmpty();
        assertThat(violations).as("everything else conforms to Spot's document").containsOnlyElementsOf(unknownValues);
    }

    private static boolean unknownValue(String violation) {
        return violation.contains("schema.enum [Path '") && violation.matches("(?s).*/status'\\].*")
                || violation.contains("schema.oneOf [Path '") && violation.contains("titer");
    }
}
