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

/**
 * Issue 14 point 5: the simulator cancels orders and kits and puts kits and samples into every exception state, by
 * setting (sim.exception.*) and by admin call, over real HTTP. Every Spot answer is checked against the seed OpenAPI
 * (ContractViolations); the admin paths are not Spot's and are not checked.
 */
class SimExceptionsTest {

    private static final String ORDER = """
            {"kit_types":["health_kit_1"],"recipient":{"first_name":"A","last_name":"B","email":"a@b.org",
             "phone":"4155550100","address":{"street1":"1 Main","city":"Austin","state":"TX","country":"US",
             "zip":"73301"}}}""";
    private static final Duration STAGE = Duration.ofHours(1);

    private final HttpClient http = HttpClient.newHttpClient();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T08:00:00Z"));

    private SpotSimulator start(String... settings) {
        List<String> all = new ArrayList<>(List.of("sim.stage-duration", "PT1H", "sim.amendment-rate", "0",
                "sim.partial-rate", "0", "sim.extra-checks-rate", "0"));
        all.addAll(List.of(settings));
        return SpotSimulator.start(Simulators.config(all.toArray(String[]::new)).withClock(clock));
    }

    private HttpResponse<String> call(SpotSimulator sim, String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").header("Authorization", "Token " + Simulators.API_KEY)
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode get(SpotSimulator sim, String path) throws Exception {
        HttpResponse<String> response = call(sim, "GET", path, null);
        assertThat(response.statusCode()).isEqualTo(200);
        return SpotJson.mapper().readTree(response.body());
    }

    private String create(SpotSimulator sim) throws Exception {
        HttpResponse<String> response = call(sim, "POST", "/api/v2/orders/", ORDER);
        assertThat(response.statusCode()).isEqualTo(201);
        return SpotJson.mapper().readTree(response.body()).path("order_id").asText();
    }

    private JsonNode order(SpotSimulator sim, String id) throws Exception {
        return get(sim, "/api/v2/orders/" + id + "/");
    }

    @Test
    void eachKitExceptionRateEndsTheKitThereAndSpotSendsANewKitThatResults() throws Exception {
        String[][] cases = {{"sim.exception.kit-delivery-rate", "status", "delivery_exception"},
                {"sim.exception.sample-collection-rate", "sample.status", "collection_exception"},
                {"sim.exception.sample-delivery-rate", "sample.status", "delivery_exception"},
                {"sim.exception.sample-canceled-rate", "sample.status", "canceled"}};
        for (String[] c : cases) {
            try (SpotSimulator sim = start(c[0], "1.0")) {
                String id = create(sim);
                clock.advance(STAGE.multipliedBy(16)); // the latest failure (7.5 stages) and its new kit's 7
                JsonNode order = order(sim, id);
                JsonNode failed = order.path("kits").get(0);
                JsonNode status = c[1].equals("status") ? failed.path("status") : failed.path("sample").path("status");
                assertThat(status.asText()).as(c[0]).isEqualTo(c[2]);
                assertThat(failed.path("sample").path("reports")).as(c[0]).isEmpty();
                assertThat(order.path("kits")).as(c[0] + ": the replacement kit").hasSize(2);
                JsonNode replacement = order.path("kits").get(1);
                assertThat(replacement.path("sample").path("status").asText()).isEqualTo("resulted");
                assertThat(replacement.path("sample").path("reports")).hasSize(1);
                assertThat(order.path("status").asText()).isEqualTo("completed");
                // the kit endpoint and the kit list agree with the order
                assertThat(get(sim, "/api/v2/kits/" + failed.path("kit_id").asText() + "/").path("kit_id").asText())
                        .isEqualTo(failed.path("kit_id").asText());
                assertThat(get(sim, "/api/v2/kits/?results=10")).hasSize(2);
            }
        }
    }

    @Test
    void canceledOrdersAndKitsByRateNeverResult() throws Exception {
        try (SpotSimulator sim = start("sim.exception.order-canceled-rate", "1.0")) {
            String id = create(sim);
            clock.advance(STAGE.multipliedBy(2));
            assertThat(order(sim, id).path("status").asText()).isEqualTo("in_progress");
            clock.advance(STAGE.multipliedBy(10));
            JsonNode order = order(sim, id);
            assertThat(order.path("status").asText()).isEqualTo("canceled");
            assertThat(order.path("kits").get(0).path("status").asText()).isEqualTo("canceled");
            assertThat(order.path("kits").get(0).path("sample").path("reports")).isEmpty();
            assertThat(get(sim, "/api/v2/orders/?status=canceled")).hasSize(1);
        }
        try (SpotSimulator sim = start("sim.exception.kit-canceled-rate", "1.0")) {
            String id = create(sim);
            clock.advance(STAGE.multipliedBy(12));
            JsonNode order = order(sim, id);
            assertThat(order.path("kits")).as("no replacement for a canceled kit").hasSize(1);
            assertThat(order.path("kits").get(0).path("status").asText()).isEqualTo("canceled");
            assertThat(order.path("status").asText()).as("its only kit canceled").isEqualTo("canceled");
        }
    }

    @Test
    void noRateSetDrawsNothingMoreSoASeedReplaysAsBefore() throws Exception {
        List<String> kits = new ArrayList<>();
        for (String rate : new String[] {"0", "0.0"}) {
            try (SpotSimulator sim = start("sim.exception.sample-canceled-rate", rate)) {
                String id = create(sim);
                clock.advance(STAGE.multipliedBy(12));
                JsonNode kit = order(sim, id).path("kits").get(0);
                assertThat(kit.path("sample").path("status").asText()).isEqualTo("resulted");
                kits.add(kit.path("kit_id").asText());
            }
        }
        assertThat(kits.get(0)).isEqualTo(kits.get(1));
    }

    @Test
    void adminCallsCancelAnOrderAndPutAKitInAnExceptionNow() throws Exception {
        try (SpotSimulator sim = start()) {
            String canceled = create(sim);
            String failing = create(sim);
            clock.advance(STAGE.multipliedBy(4)); // kits registered
            HttpResponse<String> cancel = call(sim, "POST", "/admin/orders/" + canceled + "/cancel", null);
            assertThat(cancel.statusCode()).isEqualTo(200);
            assertThat(SpotJson.mapper().readTree(cancel.body()).path("status").asText()).isEqualTo("canceled");
            assertThat(call(sim, "POST", "/admin/orders/" + canceled + "/cancel", null).statusCode())
                    .as("a repeat changes nothing").isEqualTo(200);

            String kitId = order(sim, failing).path("kits").get(0).path("kit_id").asText();
            HttpResponse<String> state = call(sim, "POST", "/admin/kits/" + kitId + "/state",
                    "{\"subject\":\"sample\",\"status\":\"collection_exception\",\"replacement\":false}");
            assertThat(state.statusCode()).isEqualTo(200);
            assertThat(SpotJson.mapper().readTree(state.body()).path("sample").path("status").asText())
                    .isEqualTo("collection_exception");
            assertThat(call(sim, "POST", "/admin/kits/" + kitId + "/state",
                    "{\"subject\":\"kit\",\"status\":\"canceled\"}").statusCode()).as("the kit is done").isEqualTo(409);
            assertThat(call(sim, "POST", "/admin/kits/" + kitId + "/state",
                    "{\"subject\":\"sample\",\"status\":\"resulted\"}").statusCode()).isEqualTo(400);
            assertThat(call(sim, "POST", "/admin/kits/SPOT000000/state",
                    "{\"subject\":\"kit\",\"status\":\"canceled\"}").statusCode()).isEqualTo(404);
            assertThat(call(sim, "POST", "/admin/orders/O0000000/cancel", null).statusCode()).isEqualTo(404);

            clock.advance(STAGE.multipliedBy(8));
            JsonNode failed = order(sim, failing);
            assertThat(failed.path("kits")).hasSize(1);
            assertThat(failed.path("kits").get(0).path("sample").path("reports")).isEmpty();
            JsonNode events = failed.path("kits").get(0).path("sample").path("events");
            assertThat(events.get(events.size() - 1).path("status").asText()).isEqualTo("collection_exception");
            String done = create(sim);
            clock.advance(STAGE.multipliedBy(12));
            assertThat(call(sim, "POST", "/admin/orders/" + done + "/cancel", null).statusCode())
                    .as("a completed order cannot be canceled").isEqualTo(409);
            assertThat(order(sim, canceled).path("status").asText()).isEqualTo("canceled");
        }
        assertThat(ContractViolations.drain()).as("every Spot answer valid against the seed OpenAPI").isEmpty();
    }
}
