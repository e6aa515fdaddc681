package io.spotlink.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.spotlink.intake.CanonicalJson;
import io.spotlink.ledger.LedgerStatus;
import io.spotlink.ledger.OrderLedger;
import io.spotlink.sim.SpotSimulator;
import io.spotlink.spot.SpotClient;
import io.spotlink.spot.SpotJson;
import io.spotlink.spot.model.Order;
import io.spotlink.support.Orders;
import io.spotlink.support.RunningBundle;
import io.spotlink.support.Simulators;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** POST /orders and GET /orders/{id} over real HTTP, against the Spot simulator over real HTTP. */
class OrderIntakeHttpTest {

    @TempDir
    Path dir;
    private SpotSimulator sim;
    private RunningBundle bundle;

    @BeforeEach
    void start() throws Exception {
        sim = Simulators.start();
        bundle = RunningBundle.start(dir, sim.baseUrl(), Simulators.API_KEY,
                Map.of("spotlink.results.poll-enabled", "false"));
    }

    @AfterEach
    void stop() {
        bundle.close();
        sim.close();
    }

    private static String json(Object order) throws Exception {
        return SpotJson.mapper().writeValueAsString(order);
    }

    private static JsonNode body(HttpResponse<String> response) throws Exception {
        return SpotJson.mapper().readTree(response.body());
    }

    @Test
    void aValidOrderIsCreatedAtSpotOnceAndRecorded() throws Exception {
        HttpResponse<String> created = bundle.post("/orders", json(Orders.valid("H-1")));
        assertThat(created.statusCode()).isEqualTo(201);
        String spotId = body(created).path("spot_order_id").asText();
        assertThat(spotId).matches("O\\d{7}");

        Order atSpot = bundle.bean("spotClient", SpotClient.class).retrieveOrder(spotId);
        assertThat(atSpot.kitTypes()).containsExactly("health_kit_1");
        assertThat(atSpot.metadata()).containsEntry("source_system", "EPIC-TEST")
                .containsEntry("source_order_id", "H-1").containsEntry("mrn", "MRN-H-1");

        HttpResponse<String> again = bundle.post("/orders", json(Orders.valid("H-1")));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(body(again).path("outcome").asText()).isEqualTo("existing");
        assertThat(body(again).path("spot_order_id").asText()).isEqualTo(spotId);
        assertThat(sim.orderCount()).isEqualTo(1);

        OrderLedger ledger = bundle.bean("orderLedger", OrderLedger.class);
        var record = ledger.findBySource("EPIC-TEST", "H-1").orElseThrow();
        assertThat(record.status()).isEqualTo(LedgerStatus.SUBMITTED);
        assertThat(record.spotOrderId()).isEqualTo(spotId);
        assertThat(record.mrn()).isEqualTo("MRN-H-1");
        assertThat(CanonicalJson.read(record.payload()).sourceOrderId()).isEqualTo("H-1");
    }

    @Test
    void lookupBySourceIdAndBySpotIdShowsTheCurrentSpotStatus() throws Exception {
        String spotId = body(bundle.post("/orders", json(Orders.valid("H-2")))).path("spot_order_id").asText();
        for (String id : List.of("H-2", spotId)) {
            HttpResponse<String> found = bundle.get("/orders/" + id);
            assertThat(found.statusCode()).isEqualTo(200);
            JsonNode b = body(found);
            assertThat(b.path("spot_order_id").asText()).isEqualTo(spotId);
            assertThat(b.path("status").asText()).isEqualTo("submitted");
            assertThat(b.path("spot_status").asText()).isIn("pending", "in_progress", "completed");
        }
        assertThat(bundle.get("/orders/H-2?source_system=OTHER").statusCode()).isEqualTo(404);
    }

    @Test
    void changedContentUnderTheSameSourceOrderIdIsAConflict() throws Exception {
        bundle.post("/orders", json(Orders.valid("H-3")));
        var changed = Orders.valid("H-3");
        changed = new io.spotlink.intake.CanonicalOrder(changed.sourceOrderId(), changed.sourceSystem(),
                List.of("STI"), null, changed.recipient(), changed.patient(), null, null);
        HttpResponse<String> conflict = bundle.post("/orders", json(changed));
        assertThat(conflict.statusCode()).isEqualTo(409);
        assertThat(body(conflict).path("errors").get(0).path("field").asText()).isEqualTo("source_order_id");
        assertThat(sim.orderCount()).isEqualTo(1);
    }

    @Test
    void concurrentDuplicatesCreateOneSpotOrder() throws Exception {
        int copies = 8;
        String payload = json(Orders.valid("H-4"));
        ExecutorService pool = Executors.newFixedThreadPool(copies);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < copies; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return bundle.post("/orders", payload);
                }));
            }
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (Future<HttpResponse<String>> f : answers) {
                HttpResponse<String> r = f.get(60, TimeUnit.SECONDS);
                statuses.add(r.statusCode());
                if (r.statusCode() == 409) {
                    // a copy that came while the first was in flight is answered at once: come back later
                    assertThat(r.headers().firstValue("Retry-After")).isPresent();
                } else {
                    ids.add(body(r).path("spot_order_id").asText());
                }
            }
            // which of 200 (came after) and 409 (came while the first was in flight) the other copies get is timing
            assertThat(statuses).isSubsetOf(201, 200, 409);
            assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
            assertThat(ids).containsOnly(ids.get(0));
            assertThat(sim.orderCount()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void spotsOwnBadRequestIsShownToTheCaller() throws Exception {
        // A kit type Spotlink does not know is passed straight to Spot; the simulator accepts any string, so
        // provoke Spot's schema check with an empty recipient instead, bypassing our validator through the client.
        var client = bundle.bean("spotClient", SpotClient.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.createOrder(
                        new io.spotlink.spot.model.CreateOrder(List.of("health_kit_1"), null, null)))
                .isInstanceOf(io.spotlink.spot.SpotApiException.BadRequest.class)
                .hasMessageContaining("recipient");
    }
}
