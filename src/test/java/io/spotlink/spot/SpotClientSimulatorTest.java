package io.spotlink.spot;

import io.spotlink.intake.SpotOrderMapper;
import io.spotlink.intake.TestCodeMap;
import io.spotlink.sim.SpotSimulator;
import io.spotlink.spot.model.CreateOrder;
import io.spotlink.spot.model.Order;
import io.spotlink.support.Orders;
import io.spotlink.support.Simulators;
import io.spotlink.support.SpotRoutes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Spot client over real HTTP against the simulator, through the Spot routes (spot-call, spot-http, spot-retry,
 * spot-create-order), including the simulator's fault knobs. Retries are counted at the simulator.
 */
class SpotClientSimulatorTest {

    private SpotSimulator sim;
    private SpotRoutes routes;

    @BeforeEach
    void start() {
        sim = Simulators.start();
    }

    @AfterEach
    void stop() {
        if (routes != null) {
            routes.close();
        }
        sim.close();
    }

    private SpotClient client(String key, int redeliveries) {
        routes = SpotRoutes.start(sim.baseUrl(), key, "spot.api.retry.max-redeliveries", Integer.toString(redeliveries),
                "spot.api.page-size", "2", "spot.api.document-hosts", "docs.example.org");
        return routes.client;
    }

    private static CreateOrder order(String id) {
        return new SpotOrderMapper(TestCodeMap.load(Path.of("config/test-codes.properties")))
                .toCreateOrder(Orders.valid(id), "EPIC-TEST");
    }

    private long calls() {
        return sim.callCounts().values().stream().mapToLong(Long::longValue).sum();
    }

    @Test
    void createsRetrievesUpdatesAndListsWithPaging() {
        SpotClient client = client(Simulators.API_KEY, 0);
        Order created = client.createOrder(order("C-1"));
        assertThat(created.orderId()).matches("O\\d{7}");
        assertThat(created.status().wire()).isEqualTo("pending");
        client.createOrder(order("C-2"));
        client.createOrder(order("C-3"));

        assertThat(client.retrieveOrder(created.orderId()).recipient().lastName()).isEqualTo(Orders.LAST);
        Order updated = client.updateOrderMetadata(created.orderId(), Map.of("ward", "7B"));
        assertThat(updated.metadata()).containsEntry("ward", "7B");

        assertThat(client.listOrders(Map.of(), 0, 2)).hasSize(2);
        assertThat(client.listAllOrders(Map.of())).as("page size 2, three orders").hasSize(3);
    }

    @Test
    void badRequestsAndUnknownIdsFailAtOnceWithSpotsDetail() {
        SpotClient client = client(Simulators.API_KEY, 4);
        sim.resetCallCounts();
        assertThatThrownBy(() -> client.createOrder(new CreateOrder(List.of(), null, null)))
                .isInstanceOfSatisfying(SpotApiException.BadRequest.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.details()).isNotEmpty();
                });
        assertThatThrownBy(() -> client.retrieveOrder("O0000000")).isInstanceOf(SpotApiException.NotFound.class);
        assertThat(calls()).as("never retried").isEqualTo(2);
    }

    @Test
    void aWrongKeyIsAConfigurationProblemThatNamesNoKey() {
        SpotClient client = client("wrong-key-value", 4);
        sim.resetCallCounts();
        assertThatThrownBy(() -> client.retrieveOrder("O1234567"))
                .isInstanceOf(SpotApiException.Configuration.class)
                .hasMessageContaining("SPOT_API_KEY").hasMessageNotContaining("wrong-key-value");
        assertThat(calls()).isEqualTo(1);
    }

    @Test
    void serverErrorsAreRedeliveredThenGiveUp() {
        SpotClient client = client(Simulators.API_KEY, 3);
        sim.faults().setErrorRate(1.0);
        sim.resetCallCounts();
        assertThatThrownBy(() -> client.listOrders(Map.of(), 0, 10))
                .isInstanceOfSatisfying(SpotApiException.Unavailable.class, e -> assertThat(e.status()).isEqualTo(500));
        assertThat(calls()).as("the call and 3 redeliveries").isEqualTo(4);
    }

    @Test
    void rateLimitsHonourRetryAfter() {
        SpotClient client = client(Simulators.API_KEY, 1);
        sim.faults().setRateLimitRate(1.0); // Retry-After: 1
        long start = System.nanoTime();
        assertThatThrownBy(() -> client.listOrders(Map.of(), 0, 10)).isInstanceOf(SpotApiException.Unavailable.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("waited Retry-After, not the 10 ms back-off")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void droppedConnectionsAreRedelivered() {
        SpotClient client = client(Simulators.API_KEY, 2);
        sim.faults().setDropRate(1.0);
        assertThatThrownBy(() -> client.listOrders(Map.of(), 0, 10))
                .isInstanceOfSatisfying(SpotApiException.Unavailable.class, e -> assertThat(e.status()).isZero());
    }

    @Test
    void reportDocumentsAreFetchedWithTheKeyOnlyFromTrustedHosts() {
        SpotClient client = client(Simulators.API_KEY, 0);
        assertThat(new String(client.fetchDocument(sim.baseUrl() + "/results/r1.pdf"))).startsWith("%PDF");
        assertThatThrownBy(() -> client.fetchDocument("http://evil.example.com/results/r1.pdf"))
                .isInstanceOf(SpotApiException.class).hasMessageContaining("not in spot.api.document-hosts")
                .hasMessageNotContaining(Simulators.API_KEY);
        assertThat(client.config().trustsDocumentHost("https://docs.example.org/x.pdf")).isTrue();
    }

    @Test
    void aCreateIsNeverResentBlindly() {
        SpotClient client = client(Simulators.API_KEY, 4);
        sim.faults().setErrorRate(1.0);
        sim.resetCallCounts();
        assertThatThrownBy(() -> client.createOrder(order("C-9"))).isInstanceOf(SpotApiException.Unavailable.class);
        assertThat(calls()).as("one create, no redelivery").isEqualTo(1);
    }
}
