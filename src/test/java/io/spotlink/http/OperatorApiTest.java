package io.spotlink.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.spotlink.delivery.Delivery;
import io.spotlink.delivery.DeliveryLedger;
import io.spotlink.delivery.DeliveryStatus;
import io.spotlink.spot.SpotJson;
import io.spotlink.support.RunningBundle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /deliveries, POST /deliveries/{id}/replay and the callback's authentication, over real HTTP. */
class OperatorApiTest {

    @TempDir
    Path dir;
    private RunningBundle bundle;

    @BeforeEach
    void start() throws Exception {
        bundle = RunningBundle.start(dir, "http://127.0.0.1:1", "k", Map.of(
                "spotlink.callback.secret", "cb-secret-1", "spotlink.results.poll-enabled", "false",
                "spotlink.deliver.file.enabled", "false"));
    }

    @AfterEach
    void stop() {
        bundle.close();
    }

    @Test
    void parkedDeliveriesAreListedAndReplayed() throws Exception {
        DeliveryLedger ledger = bundle.bean("deliveryLedger", DeliveryLedger.class);
        Delivery parked = ledger.enqueue("R-1", 'F', "O1234567", "SPOT123456", "p", "mllp", "MSH|^~\\&|", null)
                .orElseThrow();
        ledger.park(parked.id(), "EHR answered AE", "AE", "Unknown patient");
        ledger.enqueue("R-2", 'F', "O1234567", "SPOT123456", "p", "mllp", "MSH|^~\\&|", null).orElseThrow();

        JsonNode failed = SpotJson.mapper().readTree(bundle.get("/deliveries?status=failed").body());
        assertThat(failed.path("count").asInt()).isEqualTo(1);
        assertThat(failed.path("deliveries").get(0).path("ack_text").asText()).isEqualTo("Unknown patient");
        assertThat(failed.path("deliveries").get(0).path("report_id").asText()).isEqualTo("R-1");
        assertThat(bundle.get("/deliveries?status=bogus").statusCode()).isEqualTo(400);

        HttpResponse<String> replayed = bundle.post("/deliveries/" + parked.id() + "/replay", "");
        assertThat(replayed.statusCode()).isEqualTo(202);
        assertThat(ledger.find(parked.id()).orElseThrow().status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(bundle.post("/deliveries/999999/replay", "").statusCode()).isEqualTo(404);
    }

    @Test
    void callbacksNeedTheSharedSecretAndAnId() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String body = "{\"event\":\"kit.updated\",\"kit_id\":\"SPOT123456\"}";
        assertThat(callback(http, body, null).statusCode()).isEqualTo(401);
        assertThat(callback(http, body, "wrong").statusCode()).isEqualTo(401);
        assertThat(callback(http, "{\"hello\":\"world\"}", "cb-secret-1").statusCode()).isEqualTo(400);
        assertThat(callback(http, "not json", "cb-secret-1").statusCode()).isEqualTo(400);
        HttpResponse<String> ok = callback(http, body, "cb-secret-1");
        assertThat(ok.statusCode()).isEqualTo(202);
        assertThat(ok.body()).contains("SPOT123456");
    }

    private HttpResponse<String> callback(HttpClient http, String body, String secret) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(bundle.baseUrl() + "/spot/callbacks"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (secret != null) {
            request.header("X-Spot-Signature", secret);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
