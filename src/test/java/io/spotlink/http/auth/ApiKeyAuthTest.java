package io.spotlink.http.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.spotlink.sim.SpotSimulator;
import io.spotlink.spot.SpotJson;
import io.spotlink.support.Orders;
import io.spotlink.support.RunningBundle;
import io.spotlink.support.Simulators;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every HTTP endpoint but health, metrics, /api-doc and Spot's callback needs an API key with the right role; keys
 * are configured by their hashes only, and a lookup is answered from the ledger unless an operator asks Spot.
 */
class ApiKeyAuthTest {

    private static final String SUBMITTER = "submitter-key-1";
    private static final String READER = "reader-key-1";
    private static final String OPERATOR = "operator-key-1";

    @TempDir
    static Path dir;
    private static SpotSimulator sim;
    private static RunningBundle bundle;
    private static String spotOrderId;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        sim = Simulators.start();
        bundle = RunningBundle.start(dir, sim.baseUrl(), Simulators.API_KEY, Map.of(
                "spotlink.results.poll-enabled", "false",
                "spotlink.auth.enabled", "true",
                "spotlink.auth.keys", String.join(",",
                        "hospital-engine:submitter:" + ApiKeys.hashOf(SUBMITTER),
                        "dashboard:reader:" + ApiKeys.hashOf(READER),
                        "ops:operator:" + ApiKeys.hashOf(OPERATOR))));
        HttpResponse<String> created = new ApiKeyAuthTest().send("POST", "/orders", SUBMITTER,
                SpotJson.mapper().writeValueAsString(Orders.valid("AUTH-1")));
        assertThat(created.statusCode()).isEqualTo(201);
        spotOrderId = SpotJson.mapper().readTree(created.body()).path("spot_order_id").asText();
    }

    @AfterAll
    static void stop() {
        bundle.close();
        sim.close();
    }

    @Test
    void submittingNeedsAKeyWithTheSubmitterRole() throws Exception {
        String order = SpotJson.mapper().writeValueAsString(Orders.valid("AUTH-2"));
        HttpResponse<String> none = send("POST", "/orders", null, order);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(json(none).path("message").asText()).contains("API key is required");
        assertThat(send("POST", "/orders", "not-a-key", order).statusCode()).isEqualTo(401);
        HttpResponse<String> reader = send("POST", "/orders", READER, order);
        assertThat(reader.statusCode()).isEqualTo(403);
        assertThat(json(reader).path("message").asText()).contains("lacks the role submitter");
        assertThat(sim.orderIdsWithMetadata("source_order_id", "AUTH-2")).isEmpty();

        HttpResponse<String> viaHeader = http.send(HttpRequest.newBuilder(URI.create(bundle.baseUrl() + "/orders"))
                .header("Content-Type", "application/json").header("X-API-Key", SUBMITTER)
                .POST(HttpRequest.BodyPublishers.ofString(order)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(viaHeader.statusCode()).isEqualTo(201);
    }

    @Test
    void aReaderLooksUpAnOrderFromTheLedgerWithoutCallingSpot() throws Exception {
        assertThat(send("GET", "/orders/AUTH-1", SUBMITTER, null).statusCode()).isEqualTo(403);
        sim.resetCallCounts();

        HttpResponse<String> lookup = send("GET", "/orders/AUTH-1", READER, null);

        assertThat(lookup.statusCode()).isEqualTo(200);
        assertThat(json(lookup).path("spot_order_id").asText()).isEqualTo(spotOrderId);
        assertThat(json(lookup).path("source").asText()).isEqualTo("ledger");
        assertThat(lookup.body()).doesNotContain("kit_type").doesNotContain("\"type\"");
        assertThat(sim.callCounts().values().stream().mapToLong(Long::longValue).sum()).isZero();
        assertThat(send("GET", "/orders/AUTH-1?refresh=true", READER, null).statusCode()).isEqualTo(403);
    }

    @Test
    void anOperatorMayRefreshFromSpotAtALimitedRate() throws Exception {
        HttpResponse<String> first = send("GET", "/orders/AUTH-1?refresh=true", OPERATOR, null);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(json(first).path("source").asText()).isEqualTo("spot");

        HttpResponse<String> again = send("GET", "/orders/AUTH-1?refresh=true", OPERATOR, null);
        assertThat(again.statusCode()).isEqualTo(429);
        assertThat(again.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void deliveriesAreReadByReadersAndReplayedByOperatorsOnly() throws Exception {
        assertThat(send("GET", "/deliveries", null, null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/deliveries", SUBMITTER, null).statusCode()).isEqualTo(403);
        assertThat(send("GET", "/deliveries", READER, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/deliveries", OPERATOR, null).statusCode()).isEqualTo(200);

        assertThat(send("POST", "/deliveries/999999/replay", READER, "").statusCode()).isEqualTo(403);
        assertThat(send("POST", "/deliveries/999999/replay", OPERATOR, "").statusCode()).isEqualTo(404);
    }

    @Test
    void healthMetricsAndTheApiDocumentNeedNoKey() throws Exception {
        assertThat(send("GET", "/observe/health/live", null, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/observe/metrics", null, null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/api-doc", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void keysAreConfiguredAsHashesAndAMalformedEntryIsRefused() {
        ApiKeys keys = ApiKeys.parse("# comment\nengine:submitter+reader:" + ApiKeys.hashOf("k"));
        assertThat(keys.find("k")).get().extracting(ApiKeys.Entry::roles).asInstanceOf(
                org.assertj.core.api.InstanceOfAssertFactories.collection(Role.class))
                .containsExactlyInAnyOrder(Role.SUBMITTER, Role.READER);
        assertThat(keys.find("K")).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ApiKeys.parse("engine:submitter:plain-key"))
                .hasMessageContaining("<sha256 hex>").hasMessageNotContaining("plain-key");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ApiKeys.parse("engine:admin:"
                + ApiKeys.hashOf("k"))).hasMessageContaining("unknown role 'admin'");
    }

    private HttpResponse<String> send(String method, String path, String key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(bundle.baseUrl() + path))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return SpotJson.mapper().readTree(response.body());
    }
}
