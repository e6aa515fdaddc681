package io.spotlink.intake;

import io.spotlink.ledger.LedgerStatus;
import io.spotlink.ledger.OrderLedger;
import io.spotlink.sim.SpotSimulator;
import io.spotlink.spot.SpotJson;
import io.spotlink.support.MllpClient;
import io.spotlink.support.Orders;
import io.spotlink.support.RunningBundle;
import io.spotlink.support.Simulators;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Spot failing for good opens the circuit breaker (routes/spot-http.yaml): then HTTP intake answers 503 with
 * Retry-After and MLLP answers AR, at once and without calling Spot, and JMS rolls back for a redelivery. And a repeat of an order still in flight is
 * answered 409 with Retry-After at once, not held.
 */
class SpotBreakerTest {

    @TempDir
    Path dir;
    private SpotSimulator sim;
    private RunningBundle bundle;

    @AfterEach
    void stop() {
        if (bundle != null) {
            bundle.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void sustainedSpotFailureOpensTheBreakerThenHttpGets503AndMllpArWithoutCallingSpot() throws Exception {
        sim = Simulators.start();
        bundle = RunningBundle.start(dir, sim.baseUrl(), Simulators.API_KEY, Map.of(
                "spotlink.results.poll-enabled", "false", "spotlink.intake.retry.enabled", "false",
                "spot.api.breaker.minimum-calls", "2", "spot.api.breaker.sliding-window", "2",
                "spot.api.breaker.failure-rate-threshold", "50", "spot.api.breaker.open-seconds", "30"));
        sim.faults().setErrorRate(1.0);
        assertThat(bundle.post("/orders", json("BR-1")).statusCode()).isEqualTo(503);
        assertThat(bundle.post("/orders", json("BR-2")).statusCode()).isEqualTo(503);
        sim.resetCallCounts();

        HttpResponse<String> answer = bundle.post("/orders", json("BR-3"));
        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).contains("30");
        assertThat(answer.body()).contains("circuit breaker open");
        HttpResponse<String> ready = bundle.get("/observe/health/ready?exposureLevel=full");
        assertThat(ready.statusCode()).as("an open breaker takes the instance out of the load balancer")
                .isEqualTo(503);
        assertThat(ready.body()).contains("spot-circuit").contains("circuit breaker is open");

        String orm = String.join("\r",
                "MSH|^~\\&|EPIC|GEN|SPOTLINK|SPOT|20261122120000||ORM^O01^ORM_O01|BR-MSG|P|2.5.1",
                "PID|1||MRN-BR^^^GEN^MR||" + Orders.LAST + "^" + Orders.FIRST + "||19840719|F|||" + Orders.STREET
                        + "^^San Francisco^CA^94105^USA||^PRN^PH^^1^415^5550187~^NET^Internet^" + Orders.EMAIL,
                "ORC|NW|BR-4", "OBR|1|BR-4||LIPID") + "\r";
        int port = Integer.parseInt(bundle.setting("spotlink.intake.mllp.port"));
        assertThat(new String(MllpClient.send(port, orm.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8))
                .contains("MSA|AR");

        assertThat(sim.callCounts().values().stream().mapToLong(Long::longValue).sum())
                .as("no call reached Spot while the breaker was open").isZero();
    }

    @Test
    void withTheBreakerOpenAJmsOrderRollsBackAndIsRedeliveredNotDeadLettered() throws Exception {
        sim = Simulators.start();
        bundle = RunningBundle.start(dir, sim.baseUrl(), Simulators.API_KEY, Map.of(
                "spotlink.results.poll-enabled", "false", "spotlink.intake.retry.enabled", "false",
                "spotlink.intake.jms.max-deliveries", "20", "spotlink.intake.jms.redelivery-delay", "200ms",
                "spot.api.breaker.minimum-calls", "2", "spot.api.breaker.sliding-window", "2",
                "spot.api.breaker.failure-rate-threshold", "50", "spot.api.breaker.open-seconds", "2"));
        sim.faults().setErrorRate(1.0);
        bundle.post("/orders", json("BJ-1"));
        bundle.post("/orders", json("BJ-2"));
        sim.faults().setErrorRate(0.0); // Spot is back, but the breaker stays open for 2 s

        try (jakarta.jms.Connection connection = bundle.jmsClient().createConnection()) {
            jakarta.jms.Session session = connection.createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE);
            session.createProducer(session.createQueue("spotlink.orders")).send(session.createTextMessage(json("BJ-3")));
            OrderLedger ledger = bundle.bean("orderLedger", OrderLedger.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> ledger.findBySource("EPIC-TEST", "BJ-3")
                    .map(r -> r.status() == LedgerStatus.SUBMITTED).orElse(false));
            assertThat(ledger.findBySource("EPIC-TEST", "BJ-3").orElseThrow().attempts())
                    .as("refused while the breaker was open, then redelivered").isGreaterThan(1);
            connection.start();
            assertThat(session.createConsumer(session.createQueue("spotlink.orders.DLQ")).receive(500))
                    .as("nothing dead-lettered").isNull();
        }
    }

    @Test
    void aRepeatOfAnOrderInFlightGets409WithRetryAfterAtOnce() throws Exception {
        sim = Simulators.start("sim.create-delay-before", "PT60S");
        bundle = RunningBundle.start(dir, sim.baseUrl(), Simulators.API_KEY, Map.of(
                "spotlink.results.poll-enabled", "false", "spotlink.intake.retry.enabled", "false",
                "spot.api.response-timeout", "90s"));
        String order = json("IF-1");
        CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> {
            try {
                return bundle.post("/orders", order);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.createsReceived() == 1);

        long start = System.nanoTime();
        HttpResponse<String> repeat = bundle.post("/orders", order);
        assertThat(repeat.statusCode()).isEqualTo(409);
        assertThat(repeat.headers().firstValue("Retry-After")).contains("5");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("not held").isLessThan(Duration.ofSeconds(3));
        assertThat(first).isNotDone();
        sim.faults().dropHeldCreates();
    }

    private static String json(String sourceOrderId) throws Exception {
        return SpotJson.mapper().writeValueAsString(Orders.valid(sourceOrderId));
    }
}
