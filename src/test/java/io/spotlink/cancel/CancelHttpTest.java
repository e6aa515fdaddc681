package io.spotlink.cancel;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.spotlink.ledger.LedgerStatus;
import io.spotlink.ledger.OrderLedger;
import io.spotlink.sim.SpotSimulator;
import io.spotlink.spot.SpotClient;
import io.spotlink.spot.SpotJson;
import io.spotlink.support.Orders;
import io.spotlink.support.RunningBundle;
import io.spotlink.support.Simulators;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Cancel and change requests over HTTP (DELETE and PATCH /orders/{source_system}/{source_order_id}), the whole
 * bundle against the simulator over HTTP, with order-retry every 300 ms and the alerts webhook every 200 ms.
 */
class CancelHttpTest {

    private static final Duration BOUND = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private final List<String> alerts = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private HttpServer webhook;
    private SpotSimulator sim;
    private RunningBundle bundle;

    @BeforeEach
    void start() throws Exception {
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/hook", exchange -> {
            alerts.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        webhook.start();
        sim = Simulators.start();
        bundle = RunningBundle.start(dir, sim.baseUrl(), Simulators.API_KEY, Map.of(
                "spotlink.results.poll-interval", "300ms",
                "spotlink.intake.retry.interval", "300ms",
                "spotlink.alerts.enabled", "true",
                "spotlink.alerts.interval", "200ms",
                "spotlink.alerts.webhook-url", "http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook"));
    }

    @AfterEach
    void stop() {
        bundle.close();
        sim.close();
        webhook.stop(0);
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(bundle.baseUrl() + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return SpotJson.mapper().readTree(response.body());
    }

    private String create(String id) throws Exception {
        HttpResponse<String> created = bundle.post("/orders", SpotJson.mapper().writeValueAsString(Orders.valid(id)));
        assertThat(created.statusCode()).isEqualTo(201);
        return json(created).path("spot_order_id").asText();
    }

    /** Spot down: the order is kept as failed (and order-retry keeps trying) until the test brings Spot back. */
    private void keepFailed(String id) throws Exception {
        sim.faults().setErrorRate(1.0);
        assertThat(bundle.post("/orders", SpotJson.mapper().writeValueAsString(Orders.valid(id))).statusCode())
                .isEqualTo(503);
    }

    /** 409 while order-retry happens to be sending the order: a client asks again, as Retry-After says. */
    private HttpResponse<String> untilNotInFlight(String method, String path, String body) {
        return await().atMost(BOUND).until(() -> send(method, path, body), r -> r.statusCode() != 409
                || !r.body().contains("in_progress"));
    }

    private long alertsOf(String kind) {
        return alerts.stream().filter(a -> a.contains("\"" + kind + "\"")).count();
    }

    @Test
    void anOrderSpotNeverHadIsCanceledHereAndNeverCreatedEvenAfterTheRetryInterval() throws Exception {
        keepFailed("CX-1");
        keepFailed("CX-CONTROL"); // not canceled: order-retry creates it, so the retry did run

        HttpResponse<String> canceled = untilNotInFlight("DELETE", "/orders/EPIC-TEST/CX-1", null);
        sim.faults().setErrorRate(0);
        assertThat(canceled.statusCode()).isEqualTo(200);
        assertThat(json(canceled).path("cancel").asText()).isEqualTo("canceled");
        assertThat(json(canceled).path("repeat").asBoolean()).isFalse();

        OrderLedger ledger = bundle.bean("orderLedger", OrderLedger.class);
        await().atMost(BOUND).until(() -> ledger.findBySource("EPIC-TEST", "CX-CONTROL").orElseThrow().status()
                == LedgerStatus.SUBMITTED);
        await().during(Duration.ofSeconds(1)).atMost(BOUND).until(() -> sim.orderIdsWithMetadata("source_order_id",
                "CX-1").isEmpty());
        assertThat(ledger.findBySource("EPIC-TEST", "CX-1").orElseThrow().status()).isEqualTo(LedgerStatus.CANCELED);

        // a resubmission of the canceled order is answered as canceled, and still not created
        HttpResponse<String> resent = bundle.post("/orders", SpotJson.mapper().writeValueAsString(
                Orders.valid("CX-1")));
        assertThat(resent.statusCode()).isEqualTo(409);
        assertThat(json(resent).path("outcome").asText()).isEqualTo("canceled");
        HttpResponse<String> again = send("DELETE", "/orders/EPIC-TEST/CX-1", null);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(json(again).path("repeat").asBoolean()).isTrue();
        assertThat(sim.orderIdsWithMetadata("source_order_id", "CX-1")).isEmpty();
        assertThat(alertsOf("cancel-requested")).isZero();
    }

    @Test
    void anOrderSpotHasIsRequestedWith202AndOneAlertNamingItsSpotIdEvenWhenRepeated() throws Exception {
        String spotId = create("CX-2");
        HttpResponse<String> requested = send("DELETE", "/orders/EPIC-TEST/CX-2", null);
        assertThat(requested.statusCode()).isEqualTo(202);
        assertThat(json(requested).path("cancel").asText()).isEqualTo("requested");
        assertThat(json(requested).path("spot_order_id").asText()).isEqualTo(spotId);
        HttpResponse<String> repeat = send("DELETE", "/orders/EPIC-TEST/CX-2", null);
        assertThat(repeat.statusCode()).isEqualTo(202);
        assertThat(json(repeat).path("repeat").asBoolean()).isTrue();
        assertThat(json(repeat).path("requested_at").asText()).isEqualTo(json(requested).path("requested_at")
                .asText());

        await().atMost(BOUND).until(() -> alertsOf("cancel-requested") == 1);
        await().during(Duration.ofSeconds(1)).atMost(BOUND).until(() -> alertsOf("cancel-requested") == 1);
        String alert = alerts.stream().filter(a -> a.contains("cancel-requested")).findFirst().orElseThrow();
        assertThat(alert).contains(spotId).contains("CX-2").doesNotContain(Orders.LAST).doesNotContain(Orders.EMAIL)
                .doesNotContain("MRN-CX-2").doesNotContain(Orders.STREET);

        JsonNode pending = json(bundle.get("/orders?cancel=requested"));
        assertThat(pending.path("count").asInt()).isEqualTo(1);
        assertThat(pending.path("orders").get(0).path("spot_order_id").asText()).isEqualTo(spotId);
        assertThat(pending.path("orders").get(0).path("cancel").path("state").asText()).isEqualTo("requested");
        assertThat(sim.orderCount()).isEqualTo(1);
    }

    @Test
    void resultsThatStillArriveAfterACancelRequestCarryAnNteSayingWhen() throws Exception {
        create("CX-3");
        assertThat(send("DELETE", "/orders/EPIC-TEST/CX-3", null).statusCode()).isEqualTo(202);
        Path outbox = Path.of(bundle.setting("spotlink.deliver.file.directory"));
        await().atMost(Duration.ofSeconds(60)).until(() -> oruFiles(outbox).anyMatch(f -> read(f)
                .contains("requested the cancel of this order")));
        String oru = oruFiles(outbox).map(CancelHttpTest::read).filter(t -> t.contains("requested the cancel"))
                .findFirst().orElseThrow();
        assertThat(oru).contains("\rNTE|1|L|The hospital requested the cancel of this order on ").contains("OBX|");
    }

    @Test
    void anUnknownOrderIs404ForCancelAndChange() throws Exception {
        HttpResponse<String> cancel = send("DELETE", "/orders/EPIC-TEST/NOPE-1", null);
        assertThat(cancel.statusCode()).isEqualTo(404);
        assertThat(json(cancel).path("message").asText()).contains("NOPE-1");
        HttpResponse<String> change = send("PATCH", "/orders/EPIC-TEST/NOPE-1", "{\"metadata\":{\"notes\":\"x\"}}");
        assertThat(change.statusCode()).isEqualTo(404);
        assertThat(json(change).path("change").asText()).isEqualTo("unknown");
    }

    @Test
    void aChangeBeforeSpotHasTheOrderReplacesIt() throws Exception {
        keepFailed("CH-1");
        HttpResponse<String> changed = untilNotInFlight("PATCH", "/orders/EPIC-TEST/CH-1",
                "{\"recipient\":{\"address\":{\"zip\":\"94110\"}},\"test_codes\":[\"VITD\"]}");
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(json(changed).path("change").asText()).isEqualTo("replaced");
        assertThat(json(changed).hasNonNull("spot_order_id")).as("Spot is still down").isFalse();
        sim.faults().setErrorRate(0);
        // order-retry creates the changed order, never the first version
        OrderLedger ledger = bundle.bean("orderLedger", OrderLedger.class);
        await().atMost(BOUND).until(() -> ledger.findBySource("EPIC-TEST", "CH-1").orElseThrow().spotOrderId()
                != null);
        String spotId = ledger.findBySource("EPIC-TEST", "CH-1").orElseThrow().spotOrderId();
        assertThat(bundle.bean("spotClient", SpotClient.class).retrieveOrder(spotId).kitTypes())
                .containsExactly("vitamin_d_kit");
        var atSpot = bundle.bean("spotClient", SpotClient.class).retrieveOrder(spotId);
        assertThat(atSpot.recipient().address().zip()).isEqualTo("94110");
        assertThat(sim.orderIdsWithMetadata("source_order_id", "CH-1")).containsExactly(spotId);

        HttpResponse<String> invalid = send("PATCH", "/orders/EPIC-TEST/CH-1", "{\"recipient\":{\"email\":null}}");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(json(invalid).path("errors").toString()).contains("recipient.email");
    }

    @Test
    void aChangeAfterCreationAppliesMetadataAndNamesEveryFieldSpotCannotChange() throws Exception {
        String spotId = create("CH-2");
        HttpResponse<String> applied = send("PATCH", "/orders/EPIC-TEST/CH-2",
                "{\"ordering_provider\":{\"id\":\"1245319599\",\"family_name\":\"Wilson\",\"given_name\":\"James\"},"
                        + "\"metadata\":{\"department\":\"cardiology\",\"notes\":\"fasting\"}}");
        assertThat(applied.statusCode()).isEqualTo(200);
        assertThat(json(applied).path("change").asText()).isEqualTo("applied");
        var atSpot = bundle.bean("spotClient", SpotClient.class).retrieveOrder(spotId);
        assertThat(atSpot.metadata()).containsEntry("notes", "fasting").containsEntry("ordering_provider_id",
                "1245319599").containsEntry("source_order_id", "CH-2");

        HttpResponse<String> partial = send("PATCH", "/orders/EPIC-TEST/CH-2",
                "{\"recipient\":{\"address\":{\"zip\":\"94110\"}},\"kit_types\":[\"health_kit_1\"],"
                        + "\"metadata\":{\"notes\":\"non-fasting\"}}");
        assertThat(partial.statusCode()).isEqualTo(409);
        assertThat(json(partial).path("change").asText()).isEqualTo("partial");
        assertThat(json(partial).path("refused_fields").toString()).contains("recipient.address.zip", "kit_types");
        assertThat(json(partial).path("applied_fields").toString()).contains("metadata");
        await().atMost(BOUND).until(() -> alertsOf("change-refused") == 1);
        String alert = alerts.stream().filter(a -> a.contains("change-refused")).findFirst().orElseThrow();
        assertThat(alert).contains(spotId).contains("recipient.address.zip").doesNotContain("94110");
        assertThat(sim.orderCount()).isEqualTo(1);
    }

    private static Stream<Path> oruFiles(Path outbox) throws java.io.IOException {
        if (!Files.isDirectory(outbox)) {
            return Stream.empty();
        }
        try (Stream<Path> files = Files.walk(outbox)) {
            return files.filter(Files::isRegularFile).toList().stream();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
