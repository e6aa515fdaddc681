package io.spotlink.spot;

import io.spotlink.intake.SpotOrderMapper;
import io.spotlink.intake.TestCodeMap;
import io.spotlink.sim.SpotSimulator;
import io.spotlink.spot.model.CreateOrder;
import io.spotlink.spot.model.Order;
import io.spotlink.support.Orders;
import io.spotlink.support.Simulators;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Spot client over real HTTP against the simulator, including its fault knobs. */
class SpotClientSimulatorTest {

    private SpotSimulator sim;
    private DefaultCamelContext camel;
    private final List<Duration> waits = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        sim = Simulators.start();
        camel = new DefaultCamelContext();
        camel.start();
    }

    @AfterEach
    void stop() {
        camel.stop();
        sim.close();
    }

    private SpotClient client(String key, int attempts) {
        return new SpotClient(camel, new SpotClientConfig(sim.baseUrl(), key, Duration.ofSeconds(2),
                Duration.ofSeconds(2), new RetryPolicy(attempts, Duration.ofMillis(10), Duration.ofSeconds(5)), 2,
                java.util.Set.of("docs.example.org")),
                waits::add);
    }

    private static CreateOrder order(String id) {
        return new SpotOrderMapper(TestCodeMap.load(Path.of("config/test-codes.properties")))
                .toCreateOrder(Orders.valid(id), "EPIC-TEST");
    }

    @Test
    void createsRetrievesUpdatesAndListsWithPaging() {
        SpotClient client = client(Simulators.API_KEY, 1);
        Order created = client.createOrder(order("C-1"), Optional::empty);
        assertThat(created.orderId()).matches("O\\d{7}");
        assertThat(created.status().wire()).isEqualTo("pending");
        client.createOrder(order("C-2"), Optional::empty);
        client.createOrder(order("C-3"), Optional::empty);

        assertThat(client.retrieveOrder(created.orderId()).recipient().lastName()).isEqualTo(Orders.LAST);
        Order updated = client.updateOrderMetadata(created.orderId(), Map.of("ward", "7B"));
        assertThat(updated.metadata()).containsEntry("ward", "7B");

        assertThat(client.listOrders(Map.of(), 0, 2)).hasSize(2);
        assertThat(client.listAllOrders(Map.of())).as("page size 2, three orders").hasSize(3);
    }

    @Test
    void badRequestsAndUnknownIdsFailAtOnceWithSpotsDetail() {
        SpotClient client = client(Simulators.API_KEY, 5);
        assertThatThrownBy(() -> client.createOrder(new CreateOrder(List.of(), null, null), Optional::empty))
                .isInstanceOfSatisfying(SpotApiException.BadRequest.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.details()).isNotEmpty();
                });
        assertThatThrownBy(() -> client.retrieveOrder("O0000000")).isInstanceOf(SpotApiException.NotFound.class);
        assertThat(waits).as("never retried").isEmpty();
    }

    @Test
    void aWrongKeyIsAConfigurationProblemThatNamesNoKey() {
        SpotClient client = client("wrong-key-value", 5);
        assertThatThrownBy(() -> client.retrieveOrder("O1234567"))
                .isInstanceOf(SpotApiException.Configuration.class)
                .hasMessageContaining("SPOT_API_KEY").hasMessageNotContaining("wrong-key-value");
        assertThat(waits).isEmpty();
    }

    @Test
    void serverErrorsAreRetriedWithBackOffThenGiveUp() {
        sim.faults().setErrorRate(1.0);
        SpotClient client = client(Simulators.API_KEY, 4);
        assertThatThrownBy(() -> client.listOrders(Map.of(), 0, 10))
                .isInstanceOfSatisfying(SpotApiException.Unavailable.class, e -> assertThat(e.status()).isEqualTo(500));
        assertThat(waits).containsExactly(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(40));
    }

    @Test
    void rateLimitsHonourRetryAfter() {
        sim.faults().setRateLimitRate(1.0);
        SpotClient client = client(Simulators.API_KEY, 2);
        assertThatThrownBy(() -> client.listOrders(Map.of(), 0, 10)).isInstanceOf(SpotApiException.Unavailable.class);
        assertThat(waits).hasSize(1);
        assertThat(waits.get(0)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aTransientFailureIsRetriedUntilItSucceeds() {
        sim.faults().setErrorRate(1.0);
        SpotClient client = new SpotClient(camel, new SpotClientConfig(sim.baseUrl(), Simulators.API_KEY,
                Duration.ofSeconds(2), Duration.ofSeconds(2),
                new RetryPolicy(5, Duration.ofMillis(10), Duration.ofSeconds(1)), 10, java.util.Set.of()), d -> {
            waits.add(d);
            sim.faults().setErrorRate(0.0); // Spot recovers while we wait
        });
        assertThat(client.listOrders(Map.of(), 0, 10)).isEmpty();
        assertThat(waits).hasSize(1);
    }

    @Test
    void droppedConnectionsAreRetried() {
        sim.faults().setDropRate(1.0);
        SpotClient client = client(Simulators.API_KEY, 3);
        assertThatThrownBy(() -> client.listOrders(Map.of(), 0, 10))
                .isInstanceOfSatisfying(SpotApiException.Unavailable.class, e -> assertThat(e.status()).isZero());
        assertThat(waits).hasSize(2);
    }

    @Test
    void reportDocumentsAreFetchedWithTheKeyOnlyFromTrustedHosts() {
        SpotClient client = client(Simulators.API_KEY, 1);
        assertThat(new String(client.fetchDocument(sim.baseUrl() + "/results/r1.pdf"))).startsWith("%PDF");
        assertThatThrownBy(() -> client.fetchDocument("http://evil.example.com/results/r1.pdf"))
                .isInstanceOf(SpotApiException.class).hasMessageContaining("not in spot.api.document-hosts")
                .hasMessageNotContaining(Simulators.API_KEY);
        assertThat(client.config().trustsDocumentHost("https://docs.example.org/x.pdf")).isTrue();
    }

    @Test
    void aCreateWhoseAnswerWasLostIsNotSentTwice() {
        SpotClient client = client(Simulators.API_KEY, 3);
        Order first = client.createOrder(order("C-9"), Optional::empty);
        sim.faults().setErrorRate(1.0);
        // The 500 may hide a created order: the client asks before resending, and gets the earlier one.
        Order again = client.createOrder(order("C-9"), () -> Optional.of(first));
        assertThat(again.orderId()).isEqualTo(first.orderId());
        assertThat(sim.orderCount()).isEqualTo(1);
    }
}
