package io.spotlink.intake;

import com.fasterxml.jackson.databind.JsonNode;
import io.spotlink.ledger.LedgerStatus;
import io.spotlink.ledger.OrderLedger;
import io.spotlink.ledger.OrderRecord;
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

import javax.sql.DataSource;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An order that may already exist at Spot is looked for there before it is created again: a FAILED order retried by
 * order-retry (Spot created it, then its answer was lost), and a sender's resend of an order a dead instance left
 * SUBMITTING. The recovery route is off here, so each path is the only one at work.
 */
class CheckBeforeResendTest {

    @TempDir
    Path dir;
    private SpotSimulator sim;
    private RunningBundle bundle;

    @BeforeEach
    void start() throws Exception {
        sim = Simulators.start();
        bundle = RunningBundle.start(dir, sim.baseUrl(), Simulators.API_KEY, Map.of(
                "spotlink.results.poll-enabled", "false",
                "spotlink.intake.recovery.enabled", "false",
                "spotlink.intake.retry.enabled", "false",
                "spotlink.intake.retry.interval", "1ms",
                "spot.api.retry.max-redeliveries", "0"));
    }

    @AfterEach
    void stop() {
        bundle.close();
        sim.close();
    }

    @Test
    void aFailedOrderThatSpotCreatedIsFoundNotCreatedAgainByOrderRetry() throws Exception {
        sim.faults().setAfterCreateErrorRate(1); // Spot creates the order, then answers 500
        HttpResponse<String> answer = bundle.post("/orders", json(Orders.valid("CB-1")));
        assertThat(answer.statusCode()).isEqualTo(503);
        OrderLedger ledger = bundle.bean("orderLedger", OrderLedger.class);
        assertThat(ledger.findBySource("EPIC-TEST", "CB-1").orElseThrow().status()).isEqualTo(LedgerStatus.FAILED);
        assertThat(spotOrders("CB-1")).hasSize(1);

        sim.faults().setAfterCreateErrorRate(0);
        // one cycle of order-retry (started by hand: off in this test so the FAILED state can be seen first)
        bundle.context().getRouteController().startRoute("order-retry");
        await().atMost(Duration.ofSeconds(20)).until(() ->
                ledger.findBySource("EPIC-TEST", "CB-1").orElseThrow().status() == LedgerStatus.SUBMITTED);
        bundle.context().getRouteController().stopRoute("order-retry");

        OrderRecord row = ledger.findBySource("EPIC-TEST", "CB-1").orElseThrow();
        assertThat(row.status()).isEqualTo(LedgerStatus.SUBMITTED);
        assertThat(spotOrders("CB-1")).containsExactly(row.spotOrderId());
        assertThat(sim.createsReceived()).isEqualTo(1);
    }

    @Test
    void aSendersResendOfAnOrphanedOrderThatSpotCreatedGetsTheExistingOrder() throws Exception {
        // A dead instance had claimed the order and Spot had created it; the instance died before recording it.
        var order = Orders.valid("CB-2");
        String spotId = bundle.bean("spotClient", SpotClient.class).createOrder(new SpotOrderMapper(
                bundle.bean("testCodeMap", TestCodeMap.class)).toCreateOrder(order, "EPIC-TEST"))
                .orderId();
        new OrderLedger(bundle.bean("ledgerDataSource", DataSource.class), Clock.systemUTC(), "dead-host/1",
                Duration.ofSeconds(30)).claim("EPIC-TEST", "CB-2", null, "h", CanonicalJson.write(order));

        HttpResponse<String> answer = bundle.post("/orders", json(order));

        assertThat(answer.statusCode()).isBetween(200, 201);
        JsonNode body = SpotJson.mapper().readTree(answer.body());
        assertThat(body.path("spot_order_id").asText()).isEqualTo(spotId);
        assertThat(spotOrders("CB-2")).containsExactly(spotId);
        OrderRecord row = bundle.bean("orderLedger", OrderLedger.class).findBySource("EPIC-TEST", "CB-2")
                .orElseThrow();
        assertThat(row.status()).isEqualTo(LedgerStatus.SUBMITTED);
        assertThat(row.spotOrderId()).isEqualTo(spotId);
    }

    private java.util.List<String> spotOrders(String sourceOrderId) {
        return sim.orderIdsWithMetadata(SpotOrderMapper.META_SOURCE_ORDER_ID, sourceOrderId);
    }

    private static String json(Object order) throws Exception {
        return SpotJson.mapper().writeValueAsString(order);
    }
}
