package io.spotlink.ops;

import io.spotlink.sim.SpotSimulator;
import io.spotlink.spot.SpotJson;
import io.spotlink.support.Orders;
import io.spotlink.support.RunningBundle;
import io.spotlink.support.Simulators;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Prometheus text at /observe/metrics: Camel's route meters, JVM meters and the ledger's business gauges. */
class MetricsEndpointTest {

    @TempDir
    Path dir;
    private SpotSimulator sim;
    private RunningBundle bundle;

    @BeforeEach
    void start() throws Exception {
        sim = Simulators.start();
        bundle = RunningBundle.start(dir, sim.baseUrl(), Simulators.API_KEY, Map.of(
                "spotlink.results.poll-enabled", "false", "spotlink.metrics.ledger-refresh", "200ms",
                "spotlink.metrics.ledger-history-refresh", "200ms"));
    }

    @AfterEach
    void stop() {
        bundle.close();
        sim.close();
    }

    @Test
    void anOrderShowsInTheBusinessGaugesBesideCamelsOwnMeters() throws Exception {
        assertThat(bundle.post("/orders", SpotJson.mapper().writeValueAsString(Orders.valid("M-1"))).statusCode())
                .isEqualTo(201);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            HttpResponse<String> metrics = bundle.get("/observe/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body())
                    .contains("spotlink_orders{status=\"SUBMITTED\"} 1.0")
                    .contains("spotlink_orders_open 1.0")
                    .contains("spotlink_deliveries_parked 0.0")
                    .contains("spotlink_results_undelivered_oldest_age_seconds 0.0")
                    .containsPattern("camel_exchanges_total\\{[^}]*routeId=\"order-intake-http\"")
                    .contains("jvm_memory_used_bytes")
                    .contains("spotlink_orders_received_total{channel=\"http\",outcome=\"created\"} 1.0")
                    .containsPattern("spotlink_spot_calls_seconds_count\\{endpoint=\"POST /api/v2/orders/\","
                            + "status=\"201\"\\} 1");
        });
    }
}
