package io.spotlink.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.spotlink.ledger.OrderLedger;
import io.spotlink.sim.SpotSimulator;
import io.spotlink.spot.SpotJson;
import io.spotlink.support.Orders;
import io.spotlink.support.RunningBundle;
import io.spotlink.support.Simulators;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Careless and hostile bodies on POST /orders: each gets a clear JSON answer, and nothing reaches Spot wrongly. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class HttpHostileInputTest {

    @TempDir
    static Path dir;
    private SpotSimulator sim;
    private RunningBundle bundle;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void start() throws Exception {
        sim = Simulators.start();
        bundle = RunningBundle.start(dir, sim.baseUrl(), Simulators.API_KEY,
                Map.of("spotlink.results.poll-enabled", "false"));
    }

    @AfterAll
    void stop() {
        bundle.close();
        sim.close();
    }

    @Test
    void aDeclaredLatin1BodyIsStoredAsWritten() throws Exception {
        String json = order("HX-LATIN1").replace(Orders.LAST, "Müller");
        HttpResponse<String> response = post(json.getBytes(StandardCharsets.ISO_8859_1),
                "application/json; charset=ISO-8859-1");

        assertThat(response.statusCode()).isEqualTo(201);
        String payload = bundle.bean("orderLedger", OrderLedger.class).findBySource("EPIC-TEST", "HX-LATIN1")
                .orElseThrow().payload();
        assertThat(payload).contains("Müller").doesNotContain("\uFFFD");
    }

    @Test
    void bytesInvalidInTheDeclaredCharsetAreRefusedNotMangled() throws Exception {
        byte[] latin1 = order("HX-BAD-UTF8").replace(Orders.LAST, "Müller").getBytes(StandardCharsets.ISO_8859_1);
        HttpResponse<String> response = post(latin1, "application/json");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(field(response, "body")).contains("is not valid UTF-8 text");
        assertThat(bundle.bean("orderLedger", OrderLedger.class).findBySource("EPIC-TEST", "HX-BAD-UTF8")).isEmpty();
    }

    @Test
    void aByteOrderMarkIsSkipped() throws Exception {
        byte[] json = order("HX-BOM").getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[json.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(json, 0, withBom, 3, json.length);

        assertThat(post(withBom, "application/json").statusCode()).isEqualTo(201);
    }

    @Test
    void anUnknownCharsetIsNamed() throws Exception {
        HttpResponse<String> response = post(order("HX-CS").getBytes(StandardCharsets.UTF_8),
                "application/json; charset=klingon-8");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(field(response, "Content-Type")).contains("charset");
    }

    @Test
    void bodiesOverTheLimitGet413BeforeAnyWork() throws Exception {
        int before = sim.orderCount();
        String padded = order("HX-BIG").replace("\"department\"", "\"pad\":\"" + "x".repeat(70_000) + "\",\"department\"");
        HttpResponse<String> overOrderLimit = post(padded.getBytes(StandardCharsets.UTF_8), "application/json");
        assertThat(overOrderLimit.statusCode()).isEqualTo(413);
        assertThat(field(overOrderLimit, "body")).contains("65536");

        HttpResponse<String> overServerLimit = post(new byte[2 * 1024 * 1024], "application/json");
        assertThat(overServerLimit.statusCode()).isEqualTo(413);
        assertThat(sim.orderCount()).as("nothing of either reached Spot").isEqualTo(before);
    }

    @Test
    void twoOrdersInOneBodyAreRefusedNotHalfCreated() throws Exception {
        String two = order("HX-TWO-1") + "\n" + order("HX-TWO-2");
        HttpResponse<String> response = post(two.getBytes(StandardCharsets.UTF_8), "application/json");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(field(response, "order")).contains("more data after the JSON value");
        assertThat(bundle.bean("orderLedger", OrderLedger.class).findBySource("EPIC-TEST", "HX-TWO-1")).isEmpty();
    }

    @Test
    void aTrailingSpaceInTheOrderIdIsTheSameOrder() throws Exception {
        assertThat(post(order("HX-ID3").getBytes(StandardCharsets.UTF_8), "application/json").statusCode())
                .isEqualTo(201);
        HttpResponse<String> again = post(order("HX-ID3").replace("\"HX-ID3\"", "\"HX-ID3 \"")
                .getBytes(StandardCharsets.UTF_8), "application/json");

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(SpotJson.mapper().readTree(again.body()).path("outcome").asText()).isEqualTo("existing");
    }

    @Test
    void pathologicalJsonGetsA400WithABodyNotA500() throws Exception {
        for (String json : new String[] {"[".repeat(10_000), "{\"metadata\":{\"n\":" + "1".repeat(2000) + "}}",
                "{\"" + "k".repeat(60_000) + "\":1}"}) {
            HttpResponse<String> response = post(json.getBytes(StandardCharsets.UTF_8), "application/json");
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(field(response, "order")).isNotBlank();
        }
    }

    @Test
    void manyLargeBodiesAtOnceNeitherExhaustMemoryNorCloseTheLedger() throws Exception {
        byte[] tenMegabytes = new byte[10 * 1024 * 1024];
        java.util.Arrays.fill(tenMegabytes, (byte) 'x');
        var pool = java.util.concurrent.Executors.newFixedThreadPool(20);
        try {
            var answers = new java.util.ArrayList<java.util.concurrent.Future<Integer>>();
            for (int i = 0; i < 20; i++) {
                answers.add(pool.submit(() -> {
                    try {
                        return post(tenMegabytes, "application/json").statusCode();
                    } catch (java.io.IOException closedEarly) {
                        return 413; // the server may close the connection as soon as the limit is passed
                    }
                }));
            }
            for (var answer : answers) {
                assertThat(answer.get(60, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(413);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(post(order("HX-AFTER-BIG").getBytes(StandardCharsets.UTF_8), "application/json").statusCode())
                .isEqualTo(201);
    }

    @Test
    @org.junit.jupiter.api.Order(Integer.MAX_VALUE) // last: it closes the shared bundle's database
    void aLedgerClosedUnderLoadRecoversForEveryoneElse() throws Exception {
        javax.sql.DataSource ledger = bundle.bean("ledgerDataSource", javax.sql.DataSource.class);
        int threads = 4;
        int perThread = 40;
        var closed = new java.util.concurrent.CountDownLatch(1);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            var results = new java.util.ArrayList<java.util.concurrent.Future<int[]>>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    int[] statuses = new int[perThread];
                    for (int i = 0; i < perThread; i++) {
                        if (i == 10) {
                            if (thread == 0) {
                                shutDown(ledger); // what H2 does by itself after a fatal error in one request
                                closed.countDown();
                            }
                            closed.await(30, java.util.concurrent.TimeUnit.SECONDS);
                        }
                        statuses[i] = post(order("HX-LOAD-" + thread + "-" + i).getBytes(StandardCharsets.UTF_8),
                                "application/json").statusCode();
                    }
                    return statuses;
                }));
            }
            for (var result : results) {
                int[] statuses = result.get(120, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(java.util.Arrays.stream(statuses).skip(10)).as("every answer after the close is JSON 201 "
                        + "or 5xx, never a hang").allMatch(s -> s == 201 || s == 500 || s == 503);
                assertThat(java.util.Arrays.stream(statuses).skip(perThread - 10))
                        .as("the last requests of every caller succeed again").containsOnly(201);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void shutDown(javax.sql.DataSource ledger) throws java.sql.SQLException {
        var connection = ledger.getConnection();
        connection.createStatement().execute("SHUTDOWN");
        try {
            connection.close();
        } catch (java.sql.SQLException alreadyClosed) {
            // expected: the database it belonged to is gone
        }
    }

    @Test
    void aNonNumericLimitIsA400() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(bundle.baseUrl()
                + "/deliveries?limit=abc")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(SpotJson.mapper().readTree(response.body()).path("message").asText()).contains("limit");
    }

    private String order(String id) throws Exception {
        return SpotJson.mapper().writeValueAsString(Orders.valid(id));
    }

    private HttpResponse<String> post(byte[] body, String contentType) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(bundle.baseUrl() + "/orders"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The message of the error about {@code field}, failing when there is none. */
    private static String field(HttpResponse<String> response, String field) throws Exception {
        JsonNode errors = SpotJson.mapper().readTree(response.body()).path("errors");
        for (JsonNode error : errors) {
            if (error.path("field").asText().equals(field)) {
                return error.path("message").asText();
            }
        }
        throw new AssertionError("no error about " + field + " in " + response.body());
    }
}
