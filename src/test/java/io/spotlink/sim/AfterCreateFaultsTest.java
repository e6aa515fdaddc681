package io.spotlink.sim;

import io.spotlink.intake.SpotOrderMapper;
import io.spotlink.intake.TestCodeMap;
import io.spotlink.support.SpotRoutes;
import io.spotlink.spot.SpotClient;
import io.spotlink.spot.SpotClientConfig;
import io.spotlink.spot.SpotJson;
import io.spotlink.spot.model.Order;
import io.spotlink.spot.model.OrderSummary;
import io.spotlink.support.Orders;
import io.spotlink.support.Simulators;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Faults after a create-order's work (the order exists, its answer is lost) and the holds around the work. */
class AfterCreateFaultsTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private SpotSimulator sim;

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    private CompletableFuture<HttpResponse<String>> create(String sourceOrderId, Duration timeout) throws Exception {
        byte[] body = SpotJson.mapper().writeValueAsBytes(new SpotOrderMapper(TestCodeMap.load(
                Path.of("config/test-codes.properties"))).toCreateOrder(Orders.valid(sourceOrderId), "EPIC-TEST"));
        return http.sendAsync(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/api/v2/orders/")).timeout(timeout)
                .header("Authorization", "Token " + Simulators.API_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Throwable failureOf(CompletableFuture<?> call) throws Exception {
        try {
            call.get(30, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    @Test
    void aDroppedAnswerStillCreatesTheOrder() throws Exception {
        sim = Simulators.start("sim.fault.after-create.drop-rate", "1");
        assertThat(failureOf(create("AC-1", Duration.ofSeconds(10)))).isInstanceOf(IOException.class);
        assertThat(sim.orderIdsWithMetadata(SpotOrderMapper.META_SOURCE_ORDER_ID, "AC-1")).hasSize(1);
    }

    @Test
    void a500AfterTheWorkStillCreatesTheOrder() throws Exception {
        sim = Simulators.start("sim.fault.after-create.error-rate", "1");
        assertThat(create("AC-2", Duration.ofSeconds(10)).get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(500);
        assertThat(sim.orderIdsWithMetadata(SpotOrderMapper.META_SOURCE_ORDER_ID, "AC-2")).hasSize(1);
    }

    @Test
    void aSlowAnswerOutlivesTheClientButTheOrderExists() throws Exception {
        sim = Simulators.start("sim.fault.after-create.slow-rate", "1", "sim.fault.after-create.slow-delay", "PT3S");
        assertThat(failureOf(create("AC-3", Duration.ofMillis(500)))).isInstanceOf(HttpTimeoutException.class);
        assertThat(sim.orderIdsWithMetadata(SpotOrderMapper.META_SOURCE_ORDER_ID, "AC-3")).hasSize(1);
    }

    @Test
    void faultsBeforeTheWorkStillCreateNothing() throws Exception {
        sim = Simulators.start("sim.fault.error-rate", "1");
        assertThat(create("AC-4", Duration.ofSeconds(10)).get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(500);
        assertThat(sim.orderCount()).isZero();
    }

    @Test
    void aCreateHeldBeforeItsWorkAndDroppedCreatesNothing() throws Exception {
        sim = Simulators.start("sim.create-delay-before", "PT60S");
        CompletableFuture<HttpResponse<String>> call = create("AC-5", Duration.ofSeconds(90));
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.createsReceived() == 1);
        assertThat(sim.orderCount()).as("held before the work").isZero();
        sim.faults().dropHeldCreates();
        assertThat(failureOf(call)).isInstanceOf(IOException.class);
        assertThat(sim.orderCount()).isZero();
    }

    @Test
    void aCreateHeldAfterItsWorkHasItsOrderAndTheAnswerWaits() throws Exception {
        sim = Simulators.start("sim.create-delay-after", "PT60S");
        CompletableFuture<HttpResponse<String>> call = create("AC-6", Duration.ofSeconds(90));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> sim.orderIdsWithMetadata(SpotOrderMapper.META_SOURCE_ORDER_ID, "AC-6").size() == 1);
        assertThat(call).isNotDone();
        sim.faults().dropHeldCreates();
        assertThat(failureOf(call)).isInstanceOf(IOException.class);
        assertThat(sim.orderCount()).isEqualTo(1);
    }

    @Test
    void aShortHoldOnlyDelaysTheAnswer() throws Exception {
        sim = Simulators.start("sim.create-delay-before", "PT0.2S", "sim.create-delay-after", "PT0.2S");
        assertThat(create("AC-7", Duration.ofSeconds(10)).get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
        assertThat(sim.orderCount()).isEqualTo(1);
    }

    @Test
    void aLost500IsNotResentBlindlySoItCreatesOneOrder() {
        sim = Simulators.start("sim.fault.after-create.error-rate", "1");
        try (SpotRoutes routes = SpotRoutes.start(sim.baseUrl(), Simulators.API_KEY)) {
            var request = new SpotOrderMapper(TestCodeMap.load(Path.of("config/test-codes.properties")))
                    .toCreateOrder(Orders.valid("AC-8"), "EPIC-TEST");
            // the 500 may hide a created order: spot-create-order does not resend; order-retry looks first
            assertThatThrownBy(() -> routes.client.createOrder(request))
                    .isInstanceOf(io.spotlink.spot.SpotApiException.Unavailable.class);
            assertThat(sim.orderIdsWithMetadata(SpotOrderMapper.META_SOURCE_ORDER_ID, "AC-8")).hasSize(1);
            assertThat(sim.createsReceived()).isEqualTo(1);
        }
    }

    @Test
    void theKnobsAreReadFromProperties() {
        SimulatorConfig config = Simulators.config("sim.fault.after-create.drop-rate", "0.1",
                "sim.fault.after-create.error-rate", "0.2", "sim.fault.after-create.slow-rate", "0.3",
                "sim.fault.after-create.slow-delay", "PT40S", "sim.create-delay-before", "PT1S",
                "sim.create-delay-after", "PT2S");
        assertThat(config.faults().afterCreate()).isEqualTo(new FaultInjector.AfterCreate(0.1, 0.2, 0.3,
                Duration.ofSeconds(40), Duration.ofSeconds(1), Duration.ofSeconds(2)));
        assertThatThrownBy(() -> Simulators.config("sim.create-delay-before", "1s"))
                .isInstanceOf(java.time.format.DateTimeParseException.class);
    }
}
