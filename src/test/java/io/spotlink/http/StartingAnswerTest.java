package io.spotlink.http;

import io.spotlink.sim.SpotSimulator;
import io.spotlink.spot.SpotJson;
import io.spotlink.support.Orders;
import io.spotlink.support.RunningBundle;
import io.spotlink.support.Simulators;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The HTTP server listens before the routes have started: an order sent then gets 503 with Retry-After (send it
 * again), never 404 (an engine reads that as a wrong address and may drop the order). Once started, an unknown path
 * is a 404 again, and a known path asked with another method a 405. The supervising route controller here waits 3 s before it starts the routes.
 */
class StartingAnswerTest {

    @TempDir
    Path dir;

    @Test
    void anOrderSentWhileTheRoutesStartIsAskedAgainNotRefusedAsNotFound() throws Exception {
        try (SpotSimulator sim = Simulators.start()) {
            RunningBundle bundle = RunningBundle.start(dir, sim.baseUrl(), Simulators.API_KEY, Map.of(
                    "spotlink.results.poll-enabled", "false", "camel.routecontroller.initial-delay", "3000"));
            try {
                String order = SpotJson.mapper().writeValueAsString(Orders.valid("START-1"));
                HttpResponse<String> early = bundle.post("/orders", order);
                assertThat(early.statusCode()).isEqualTo(503);
                assertThat(early.headers().firstValue("Retry-After")).contains("5");
                assertThat(early.body()).contains("starting");

                await().atMost(Duration.ofSeconds(30)).until(() -> bundle.post("/orders", order).statusCode() != 503);
                assertThat(bundle.post("/orders", order).statusCode()).as("created once, then a repeat")
                        .isIn(200, 201);
                assertThat(sim.orderIdsWithMetadata("source_order_id", "START-1")).hasSize(1);
                assertThat(bundle.get("/no-such-path").statusCode()).isEqualTo(404);
                assertThat(bundle.post("/ui", "x").statusCode()).as("a known path, another method").isEqualTo(405);
            } finally {
                bundle.close();
            }
        }
    }
}
