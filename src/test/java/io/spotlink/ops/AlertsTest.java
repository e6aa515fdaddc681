package io.spotlink.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.spotlink.delivery.DeliveryLedger;
import io.spotlink.sim.SpotSimulator;
import io.spotlink.spot.SpotJson;
import io.spotlink.support.LogCapture;
import io.spotlink.support.Orders;
import io.spotlink.support.RunningBundle;
import io.spotlink.support.Simulators;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The alerts route posts ids and counts, never PHI, to a webhook: here a receiver on 127.0.0.1. */
class AlertsTest {

    @TempDir
    Path dir;
    /** The webhook's address carries a token, as chat webhooks do: it must never reach a log. */
    private static final String TOKEN = "hook-secret-4711";
    private final List<String> received = new CopyOnWriteArrayList<>();
    /** Requests the webhook answers 500 before it takes any. */
    private final AtomicInteger failFirst = new AtomicInteger();
    private HttpServer webhook;
    private LogCapture logs;
    private SpotSimulator sim;
    private RunningBundle bundle;

    @BeforeEach
    void start() throws Exception {
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/hook", exchange -> {
            if (failFirst.getAndDecrement() > 0) {
                exchange.sendResponseHeaders(500, -1);
                exchange.close();
                return;
            }
            if (!("token=" + TOKEN).equals(exchange.getRequestURI().getRawQuery())) {
                exchange.sendResponseHeaders(403, -1);
                exchange.close();
                return;
            }
            received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
                    + "\n" + exchange.getRequestHeaders().keySet());
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        webhook.start();
        logs = LogCapture.atDebug();
        sim = Simulators.start();
        bundle = RunningBundle.start(dir, sim.baseUrl(), Simulators.API_KEY, Map.of(
                "spotlink.results.poll-enabled", "false",
                "spotlink.alerts.enabled", "true",
                "spotlink.alerts.interval", "200ms",
                "spotlink.alerts.webhook-url", "http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook?token=" + TOKEN));
    }

    @AfterEach
    void stop() {
        bundle.close();
        sim.close();
        webhook.stop(0);
        logs.close();
    }

    @Test
    void anAlertTheWebhookRefusedIsPostedAgainUntilTakenAndItsTokenNeverReachesALog() throws Exception {
        failFirst.set(2);
        DeliveryLedger deliveries = bundle.bean("deliveryLedger", DeliveryLedger.class);
        long id = deliveries.enqueue("R-AL-2", 'F', "O0000002", "K-2", "MRN-AL-2", "file", "MSH|^~\\&|", null)
                .orElseThrow().id();
        deliveries.park(id, "AE from the EHR", "AE", "refused");

        await().atMost(Duration.ofSeconds(20)).until(() -> received.stream().anyMatch(b -> b.contains("delivery-parked")));
        assertThat(failFirst.get()).as("refused twice, then taken").isNegative();
        assertThat(received.stream().filter(b -> b.contains("delivery-parked")).findFirst().orElseThrow())
                .contains("delivery " + id);
        assertThat(logs.lines()).anyMatch(l -> l.contains("delivery-parked not taken by the webhook"));
        assertThat(logs.lines().stream().filter(l -> l.contains(TOKEN)).toList()).isEmpty();
        assertThat(received).as("the token reached the webhook whole").allMatch(b -> !b.isEmpty());
    }

    @Test
    void aParkedDeliveryIsAlertedOnceWithItsIdAndNoPatientData() throws Exception {
        assertThat(bundle.post("/orders", SpotJson.mapper().writeValueAsString(Orders.valid("AL-1"))).statusCode())
                .isEqualTo(201);
        DeliveryLedger deliveries = bundle.bean("deliveryLedger", DeliveryLedger.class);
        long id = deliveries.enqueue("R-AL-1", 'F', "O0000001", "K-1", "MRN-AL-1", "file",
                "MSH|^~\\&|...|PID|||MRN-AL-1||" + Orders.valid("AL-1").recipient().lastName(), null)
                .orElseThrow().id();
        deliveries.park(id, "AE from the EHR", "AE", "PID-5 refused for " + Orders.valid("AL-1").recipient()
                .lastName());

        await().atMost(Duration.ofSeconds(20)).until(() -> received.stream().anyMatch(b -> b.contains("delivery-parked")));
        String alert = received.stream().filter(b -> b.contains("delivery-parked")).findFirst().orElseThrow();
        JsonNode json = SpotJson.mapper().readTree(alert.substring(0, alert.indexOf('\n')));
        assertThat(json.path("count").asInt()).isEqualTo(1);
        assertThat(json.path("ids").get(0).asText()).isEqualTo("delivery " + id);
        assertThat(json.path("severity").asText()).isEqualTo("warning");
        assertThat(alert).doesNotContain(Orders.valid("AL-1").recipient().lastName())
                .doesNotContain(Orders.valid("AL-1").recipient().email()).doesNotContain("MRN-AL-1")
                .doesNotContain("Spotlink"); // no exchange header travelled with it

        // reported once: later looks find nothing new
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> received.stream().filter(b -> b.contains("delivery-parked")).count() == 1);
    }
}
