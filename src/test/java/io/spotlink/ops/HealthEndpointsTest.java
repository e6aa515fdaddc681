package io.spotlink.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import io.spotlink.sim.SpotSimulator;
import io.spotlink.spot.SpotJson;
import io.spotlink.support.RunningBundle;
import io.spotlink.support.Simulators;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The probes Kubernetes uses, on the bundle's own HTTP port: liveness says the process runs, readiness covers the
 * routes, the ledger database and the JMS broker, and neither needs an API key.
 */
class HealthEndpointsTest {

    @TempDir
    Path dir;
    private SpotSimulator sim;
    private RunningBundle bundle;

    @BeforeEach
    void start() throws Exception {
        sim = Simulators.start();
        bundle = RunningBundle.start(dir, sim.baseUrl(), Simulators.API_KEY, Map.of(
                "spotlink.results.poll-enabled", "false"));
    }

    @AfterEach
    void stop() {
        bundle.close();
        sim.close();
    }

    @Test
    void readinessIsUpWithEveryCheckOnceTheBundleHasStarted() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> bundle.get("/observe/health/ready").statusCode() == 200);

        JsonNode full = checks(bundle.get("/observe/health/ready?exposureLevel=full"));
        assertThat(full.path("status").asText()).isEqualTo("UP");
        assertThat(names(full)).contains("ledger", "jms-broker", "spot-circuit", "route:order-intake-http", "route:order-submit");
        assertThat(bundle.get("/observe/health/live").statusCode()).isEqualTo(200);
    }

    @Test
    void aLostLedgerDatabaseMakesTheInstanceNotReadyButStillLive() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> bundle.get("/observe/health/ready").statusCode() == 200);

        bundle.bean("ledgerDataSource", HikariDataSource.class).close(); // what a database outage looks like here

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            HttpResponse<String> ready = bundle.get("/observe/health/ready?exposureLevel=full");
            assertThat(ready.statusCode()).isEqualTo(503);
            JsonNode ledger = check(checks(ready), "ledger");
            assertThat(ledger.path("status").asText()).isEqualTo("DOWN");
            assertThat(ledger.path("message").asText()).contains("ledger database is unavailable")
                    .doesNotContain("jdbc:");
        });
        assertThat(bundle.get("/observe/health/live").statusCode()).isEqualTo(200);
    }

    @Test
    void aStoppedBrokerMakesTheInstanceNotReady() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> bundle.get("/observe/health/ready").statusCode() == 200);

        bundle.context().getRegistry().lookupByNameAndType("embeddedBroker", org.apache.camel.Service.class).stop();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            HttpResponse<String> ready = bundle.get("/observe/health/ready?exposureLevel=full");
            assertThat(ready.statusCode()).isEqualTo(503);
            assertThat(check(checks(ready), "jms-broker").path("status").asText()).isEqualTo("DOWN");
        });
    }

    private static JsonNode checks(HttpResponse<String> response) throws Exception {
        return SpotJson.mapper().readTree(response.body());
    }

    private static java.util.List<String> names(JsonNode health) {
        java.util.List<String> names = new java.util.ArrayList<>();
        health.path("checks").forEach(c -> names.add(c.path("name").asText()));
        return names;
    }

    private static JsonNode check(JsonNode health, String name) {
        for (JsonNode c : health.path("checks")) {
            if (c.path("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no check " + name + " in " + names(health));
    }
}
