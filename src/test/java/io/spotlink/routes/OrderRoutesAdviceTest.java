package io.spotlink.routes;

import io.spotlink.intake.CanonicalOrder;
import io.spotlink.intake.FieldError;
import io.spotlink.intake.OrderReceipt;
import io.spotlink.ledger.LedgerStatus;
import io.spotlink.ledger.OrderRecord;
import io.spotlink.spot.SpotApiException;
import io.spotlink.spot.model.Order;
import io.spotlink.support.Orders;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.EndpointInject;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWithRouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.model.errorhandler.NoErrorHandlerDefinition;
import org.apache.camel.test.main.junit5.AdviceRouteMapping;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.spotlink.routes.RouteAdvice.CONFIG;
import static io.spotlink.routes.RouteAdvice.CONFIG_DIR;
import static io.spotlink.routes.RouteAdvice.NO_MANAGEMENT;
import static io.spotlink.routes.RouteAdvice.NO_METRICS;
import static io.spotlink.routes.RouteAdvice.NO_SERVER;
import static io.spotlink.routes.RouteAdvice.PLAIN_ROUTE_CONTROLLER;
import static io.spotlink.routes.RouteAdvice.ROUTES;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order routes as shipped (order-submit, order-enrich, order-retry, order-recover and the routeConfiguration
 * errors-to-caller), each advised so what it calls is a mock and every bean it names is a stub that logs its step:
 * order-submit's steps run in the YAML's order, a step that answers (validation, a repeat, a requisition, Spot's
 * 400) skips the steps below it, a Spot failure is kept FAILED and reaches the caller; order-retry and
 * order-recover hand each order to order-submit with their channel and stop the cycle at the first failure.
 */
@CamelMainTest(
        propertyPlaceholderLocations = CONFIG,
        properties = {CONFIG_DIR, NO_SERVER, NO_MANAGEMENT, NO_METRICS, PLAIN_ROUTE_CONTROLLER,
            ROUTES + "file:routes/errors-to-caller.yaml,file:routes/order-submit.yaml,file:routes/order-enrich.yaml,"
                    + "file:routes/order-retry.yaml,file:routes/order-recover.yaml",
            // both cycles are started by the test (their timers are replaced), whatever the shipped switches say
            "spotlink.intake.retry.enabled=true", "spotlink.intake.recovery.enabled=true"},
        advices = {
            @AdviceRouteMapping(route = "order-submit", advice = OrderRoutesAdviceTest.SubmitAdvice.class),
            @AdviceRouteMapping(route = "order-enrich", advice = OrderRoutesAdviceTest.EnrichAdvice.class),
            @AdviceRouteMapping(route = "order-retry", advice = OrderRoutesAdviceTest.RetryAdvice.class),
            @AdviceRouteMapping(route = "order-recover", advice = OrderRoutesAdviceTest.RecoverAdvice.class)})
class OrderRoutesAdviceTest {

    /** The route files this class tests (RouteAdviceCoverageTest checks every file of routes/ is somewhere). */
    static final Set<String> COVERS = Set.of("order-submit", "order-enrich", "order-retry", "order-recover",
            "errors-to-caller");

    private static final long BOUND = 5;

    /** order-submit's two calls out (the user's hook and the Spot create) become mocks. */
    public static class SubmitAdvice extends AdviceWithRouteBuilder {
        @Override
        public void configure() {
            weaveByToUri("direct:order-enrich").replace().to("mock:order-enrich");
            weaveByToUri("direct:spot-create-order").replace().to("mock:spot-create-order");
        }
    }

    /** order-enrich stays as shipped; a mock at its end shows what it hands back. */
    public static class EnrichAdvice extends AdviceWithRouteBuilder {
        @Override
        public void configure() {
            weaveAddLast().to("mock:enriched");
        }
    }

    /** order-retry's leader timer becomes a direct: endpoint the test triggers; order-submit a mock. */
    public static class RetryAdvice extends AdviceWithRouteBuilder {
        @Override
        public void configure() {
            replaceFromWith("direct:order-retry-cycle");
            weaveByToUri("direct:order-submit").replace().to("mock:retry-submit");
        }
    }

    /** order-recover's timer becomes a direct: endpoint the test triggers; order-submit a mock. */
    public static class RecoverAdvice extends AdviceWithRouteBuilder {
        @Override
        public void configure() {
            replaceFromWith("direct:order-recover-cycle");
            weaveByToUri("direct:order-submit").replace().to("mock:recover-submit");
        }
    }

    final RouteAdvice.Steps steps = new RouteAdvice.Steps();

    @BindToRegistry("orderSubmitter")
    final Submitter submitter = new Submitter(steps);
    @BindToRegistry("requisitionSubmitter")
    final Requisitions requisitions = new Requisitions(steps);
    @BindToRegistry("spotOrderMapper")
    final Mapper mapper = new Mapper(steps);
    @BindToRegistry("orderMeters")
    final Meters meters = new Meters(steps);
    @BindToRegistry("failedOrderRetrier")
    final Retrier retrier = new Retrier(steps);
    @BindToRegistry("orphanedOrderRecoverer")
    final Recoverer recoverer = new Recoverer(steps);
    @BindToRegistry("spotCircuit")
    final Circuit circuit = new Circuit();

    @EndpointInject("mock:order-enrich")
    MockEndpoint enrich;
    @EndpointInject("mock:spot-create-order")
    MockEndpoint spotCreate;
    @EndpointInject("mock:enriched")
    MockEndpoint enriched;
    @EndpointInject("mock:retry-submit")
    MockEndpoint retrySubmit;
    @EndpointInject("mock:recover-submit")
    MockEndpoint recoverSubmit;
    @org.apache.camel.BeanInject
    CamelContext camel;

    private ProducerTemplate producer() {
        return camel.createProducerTemplate();
    }

    private void logStep(MockEndpoint mock, String name) {
        mock.whenAnyExchangeReceived(e -> steps.add(name));
    }

    /** Spot's created order, as spot-create-order answers it. */
    private void spotCreates(String spotOrderId) {
        spotCreate.whenAnyExchangeReceived(e -> {
            steps.add("spot-create-order");
            e.getMessage().setBody(new Order(spotOrderId, null, null, null, null, null, null, null));
        });
    }

    @Test
    void aValidOrderIsValidatedClaimedMappedEnrichedCreatedAndRecordedInThatOrder() throws Exception {
        logStep(enrich, "order-enrich");
        spotCreates("O7654321");
        enrich.expectedMessageCount(1);
        enrich.message(0).body().isInstanceOf(Mapped.class);
        enrich.expectedPropertyReceived("SpotlinkChannel", "http");
        spotCreate.expectedMessageCount(1);

        OrderReceipt receipt = producer().send("direct:order-submit", e -> {
            e.getMessage().setBody(Orders.valid("AD-1"));
            e.setProperty("SpotlinkChannel", "http");
        }).getMessage().getBody(OrderReceipt.class);

        MockEndpoint.assertIsSatisfied(camel, BOUND, TimeUnit.SECONDS);
        assertThat(steps.names()).containsExactly("validate", "claim", "requisition?", "toCreateOrder",
                "order-enrich", "spot-create-order", "record", "completed");
        assertThat(((Mapped) enrich.getReceivedExchanges().get(0).getMessage().getBody()).sourceSystem())
                .as("mapped with the source system validate chose").isEqualTo("EPIC-TEST");
        assertThat(receipt.outcome()).isEqualTo(OrderReceipt.Outcome.CREATED);
        assertThat(receipt.spotOrderId()).isEqualTo("O7654321");
    }

    @Test
    void aValidationErrorAnswersRejectedAndNothingBelowRuns() throws Exception {
        submitter.invalid = true;
        enrich.expectedMessageCount(0);
        spotCreate.expectedMessageCount(0);

        OrderReceipt receipt = producer().requestBody("direct:order-submit", Orders.valid("AD-2"),
                OrderReceipt.class);

        MockEndpoint.assertIsSatisfied(camel, BOUND, TimeUnit.SECONDS);
        assertThat(receipt.outcome()).isEqualTo(OrderReceipt.Outcome.REJECTED);
        assertThat(receipt.errors()).extracting(FieldError::field).containsExactly("recipient.email", "test_codes");
        assertThat(steps.names()).as("only the meter counts it").containsExactly("validate", "completed");
    }

    @Test
    void aRepeatIsAnsweredFromTheLedgerWithoutAnotherCreate() throws Exception {
        submitter.repeat = OrderReceipt.Outcome.IN_PROGRESS;
        spotCreate.expectedMessageCount(0);

        OrderReceipt receipt = producer().requestBody("direct:order-submit", Orders.valid("AD-3"),
                OrderReceipt.class);

        MockEndpoint.assertIsSatisfied(camel, BOUND, TimeUnit.SECONDS);
        assertThat(receipt.outcome()).isEqualTo(OrderReceipt.Outcome.IN_PROGRESS);
        assertThat(steps.names()).containsExactly("validate", "claim", "requisition?", "completed");
    }

    @Test
    void aKitCollectedInTheClinicGoesToSpotAsARequisitionNotAnOrder() throws Exception {
        requisitions.applies = true;
        spotCreate.expectedMessageCount(0);
        enrich.expectedMessageCount(0);

        OrderReceipt receipt = producer().requestBody("direct:order-submit", Orders.valid("AD-4"),
                OrderReceipt.class);

        MockEndpoint.assertIsSatisfied(camel, BOUND, TimeUnit.SECONDS);
        assertThat(receipt.spotOrderId()).isEqualTo("REQ-1");
        assertThat(steps.names()).containsExactly("validate", "claim", "requisition?", "submitClaimed", "completed");
    }

    @Test
    void spotsRefusalIsRecordedAsRejectedAndAnswered() throws Exception {
        spotCreate.whenAnyExchangeReceived(e -> {
            steps.add("spot-create-order");
            throw new SpotApiException.BadRequest("validation_error", List.of("kit_types: unknown kit"));
        });

        OrderReceipt receipt = producer().requestBody("direct:order-submit", Orders.valid("AD-5"),
                OrderReceipt.class);

        assertThat(receipt.outcome()).isEqualTo(OrderReceipt.Outcome.REJECTED);
        assertThat(receipt.errors()).extracting(FieldError::message).containsExactly("kit_types: unknown kit");
        assertThat(steps.names()).containsExactly("validate", "claim", "requisition?", "toCreateOrder",
                "spot-create-order", "refusedBySpot", "completed").doesNotContain("record");
    }

    @Test
    void spotUnavailableKeepsTheOrderFailedAndTheFailureReachesTheCallerOnce() throws Exception {
        spotCreate.whenAnyExchangeReceived(e -> {
            steps.add("spot-create-order");
            throw new SpotApiException.Unavailable(503, null, List.of("down"), null, true, null);
        });
        spotCreate.expectedMessageCount(1); // errors-to-caller: no redelivery here, order-retry resends

        Exchange answer = producer().send("direct:order-submit",
                e -> e.getMessage().setBody(Orders.valid("AD-6")));

        MockEndpoint.assertIsSatisfied(camel, BOUND, TimeUnit.SECONDS);
        assertThat(answer.getException()).isInstanceOf(SpotApiException.Unavailable.class);
        assertThat(steps.names()).containsExactly("validate", "claim", "requisition?", "toCreateOrder",
                "spot-create-order", "failed", "keepFailed");
    }

    @Test
    void orderEnrichHandsTheCreateOrderBackUntouchedAndLeavesFailuresToItsCaller() throws Exception {
        Mapped create = new Mapped("EPIC-TEST", "AD-7");
        enriched.expectedBodiesReceived(create);
        enriched.expectedPropertyReceived("SpotlinkOrder", "kept");

        Object back = producer().send("direct:order-enrich", e -> {
            e.getMessage().setBody(create);
            e.setProperty("SpotlinkOrder", "kept");
        }).getMessage().getBody();

        MockEndpoint.assertIsSatisfied(camel, BOUND, TimeUnit.SECONDS);
        assertThat(back).isSameAs(create);

        // errors-to-caller: no error handler of its own, so the caller (order-submit's doCatch) gets the failure
        assertThat(camel.getCamelContextExtension().getContextPlugin(org.apache.camel.model.ModelCamelContext.class)
                .getRouteConfigurationDefinition("errors-to-caller").getErrorHandler().getErrorHandlerType())
                .isInstanceOf(NoErrorHandlerDefinition.class);
        enriched.reset();
        enriched.whenAnyExchangeReceived(e -> {
            throw new IllegalStateException("enrichment failed");
        });
        enriched.expectedMessageCount(1);
        Exchange failed = producer().send("direct:order-enrich", e -> e.getMessage().setBody(create));
        assertThat(failed.getException()).hasMessage("enrichment failed");
        assertThat(failed.getProperty(ExchangePropertyKey.FAILURE_HANDLED, false, Boolean.class))
                .as("nobody handled it on the way").isFalse();
        MockEndpoint.assertIsSatisfied(camel, BOUND, TimeUnit.SECONDS);
    }

    @Test
    void orderRetryResubmitsEachDueOrderThroughOrderSubmitOnTheRetryChannel() throws Exception {
        retrier.due = List.of(ledgerRow(1, "AD-8"), ledgerRow(2, "AD-9"));
        retrySubmit.whenAnyExchangeReceived(e -> e.getMessage().setBody(created(e)));
        retrySubmit.expectedMessageCount(2);
        retrySubmit.expectedPropertyValuesReceivedInAnyOrder("SpotlinkChannel", "retry", "retry");

        producer().sendBody("direct:order-retry-cycle", null);

        MockEndpoint.assertIsSatisfied(camel, BOUND, TimeUnit.SECONDS);
        assertThat(retrySubmit.getReceivedExchanges()).extracting(e -> e.getMessage().getBody(CanonicalOrder.class)
                .sourceOrderId()).containsExactly("AD-8", "AD-9");
        assertThat(steps.names()).containsExactly("due", "orderOf", "orderOf");
    }

    @Test
    void whileSpotsBreakerIsOpenOrderRetryAndOrderRecoverWaitWithoutTryingAnyOrder() throws Exception {
        retrier.due = List.of(ledgerRow(1, "AD-20"));
        recoverer.orphaned = List.of(ledgerRow(2, "AD-21"));
        circuit.open = true;
        retrySubmit.expectedMessageCount(0);
        recoverSubmit.expectedMessageCount(0);
        try {
            Exchange retry = producer().send("direct:order-retry-cycle", e -> { });
            Exchange recover = producer().send("direct:order-recover-cycle", e -> { });

            assertThat(retry.getException()).isNull();
            assertThat(recover.getException()).isNull();
            assertThat(steps.names()).as("not even the ledger was asked").isEmpty();
            MockEndpoint.assertIsSatisfied(camel, BOUND, TimeUnit.SECONDS);
        } finally {
            circuit.open = false;
        }
    }

    @Test
    void orderRetryStopsTheCycleAtTheFirstOrderSpotCannotTake() throws Exception {
        retrier.due = List.of(ledgerRow(1, "AD-10"), ledgerRow(2, "AD-11"));
        retrySubmit.whenExchangeReceived(1, e -> {
            throw new SpotApiException.BreakerOpen(null);
        });
        retrySubmit.expectedMessageCount(1);

        Exchange cycle = producer().send("direct:order-retry-cycle", e -> { });

        MockEndpoint.assertIsSatisfied(camel, BOUND, TimeUnit.SECONDS);
        assertThat(cycle.getException()).hasRootCauseInstanceOf(SpotApiException.BreakerOpen.class);
        assertThat(steps.names()).as("AD-11 waits for the next cycle").containsExactly("due", "orderOf");
    }

    @Test
    void orderRecoverSubmitsOnlyTheOrdersThisInstanceTookOver() throws Exception {
        OrderRecord won = ledgerRow(3, "AD-12");
        recoverer.orphaned = List.of(won, ledgerRow(4, "AD-13"));
        recoverer.wins = Set.of(3L);
        recoverSubmit.whenAnyExchangeReceived(e -> e.getMessage().setBody(created(e)));
        recoverSubmit.expectedMessageCount(1);
        recoverSubmit.expectedPropertyReceived("SpotlinkChannel", "recover");
        recoverSubmit.expectedPropertyReceived("SpotlinkRecord", won);

        producer().sendBody("direct:order-recover-cycle", null);

        MockEndpoint.assertIsSatisfied(camel, BOUND, TimeUnit.SECONDS);
        assertThat(steps.names()).containsExactly("orphaned", "takeOver", "takeOver");
    }

    @Test
    void orderRecoverStopsTheCycleAtTheFirstOrderSpotCannotTake() throws Exception {
        recoverer.orphaned = List.of(ledgerRow(5, "AD-14"), ledgerRow(6, "AD-15"));
        recoverer.wins = Set.of(5L, 6L);
        recoverSubmit.whenAnyExchangeReceived(e -> {
            throw new SpotApiException.Unavailable(503, null, List.of("down"), null, true, null);
        });
        recoverSubmit.expectedMessageCount(1);

        Exchange cycle = producer().send("direct:order-recover-cycle", e -> { });

        MockEndpoint.assertIsSatisfied(camel, BOUND, TimeUnit.SECONDS);
        assertThat(cycle.getException()).hasRootCauseInstanceOf(SpotApiException.Unavailable.class);
        assertThat(steps.names()).containsExactly("orphaned", "takeOver");
    }

    private static OrderReceipt created(Exchange e) {
        Object body = e.getMessage().getBody();
        String sourceOrderId = body instanceof CanonicalOrder order ? order.sourceOrderId()
                : ((OrderRecord) body).sourceOrderId();
        return new OrderReceipt(OrderReceipt.Outcome.CREATED, "EPIC-TEST", sourceOrderId, "O1111111", List.of(),
                "created");
    }

    private static OrderRecord ledgerRow(long id, String sourceOrderId) {
        Instant now = Instant.now();
        return new OrderRecord(id, "EPIC-TEST", sourceOrderId, null, "hash", "{}", null, LedgerStatus.FAILED, null,
                1, "down", now, now, null);
    }

    /** What the mapper stub makes of an order: stands for Spot's CreateOrder. */
    public record Mapped(String sourceSystem, String sourceOrderId) {
    }

    /** orderSubmitter: validate, claim, record, refusedBySpot, keepFailed, with the properties the real one sets. */
    public static class Submitter {
        private final RouteAdvice.Steps steps;
        volatile boolean invalid;
        volatile OrderReceipt.Outcome repeat;

        Submitter(RouteAdvice.Steps steps) {
            this.steps = steps;
        }

        public void validate(Exchange exchange) {
            steps.add("validate");
            CanonicalOrder order = exchange.getMessage().getBody(CanonicalOrder.class);
            exchange.setProperty("SpotlinkOrder", order);
            exchange.setProperty("SpotlinkSourceSystem", order.sourceSystem());
            if (invalid) {
                exchange.getMessage().setBody(OrderReceipt.rejected(order.sourceSystem(), order.sourceOrderId(),
                        List.of(new FieldError("recipient.email", "is not an e-mail address"),
                                new FieldError("test_codes", "must not be empty"))));
            }
        }

        public void claim(Exchange exchange) {
            steps.add("claim");
            CanonicalOrder order = exchange.getProperty("SpotlinkOrder", CanonicalOrder.class);
            if (repeat != null) {
                exchange.getMessage().setBody(new OrderReceipt(repeat, order.sourceSystem(), order.sourceOrderId(),
                        null, List.of(), "repeat"));
            } else {
                exchange.setProperty("SpotlinkRecord", ledgerRow(9, order.sourceOrderId()));
            }
        }

        public void record(Exchange exchange) {
            steps.add("record");
            Order created = exchange.getMessage().getBody(Order.class);
            OrderRecord record = exchange.getProperty("SpotlinkRecord", OrderRecord.class);
            exchange.getMessage().setBody(new OrderReceipt(OrderReceipt.Outcome.CREATED, record.sourceSystem(),
                    record.sourceOrderId(), created.orderId(), List.of(), "created"));
        }

        public void refusedBySpot(Exchange exchange) {
            steps.add("refusedBySpot");
            SpotApiException.BadRequest e = exchange.getProperty(ExchangePropertyKey.EXCEPTION_CAUGHT,
                    SpotApiException.BadRequest.class);
            OrderRecord record = exchange.getProperty("SpotlinkRecord", OrderRecord.class);
            exchange.getMessage().setBody(OrderReceipt.rejected(record.sourceSystem(), record.sourceOrderId(),
                    e.details().stream().map(d -> new FieldError("spot", d)).toList()));
        }

        public void keepFailed(Exchange exchange) throws Exception {
            steps.add("keepFailed");
            throw exchange.getProperty(ExchangePropertyKey.EXCEPTION_CAUGHT, Exception.class);
        }
    }

    /** requisitionSubmitter: the branch condition and the requisition's receipt. */
    public static class Requisitions {
        private final RouteAdvice.Steps steps;
        volatile boolean applies;

        Requisitions(RouteAdvice.Steps steps) {
            this.steps = steps;
        }

        public boolean appliesTo(Exchange exchange) {
            steps.add("requisition?");
            return applies && !(exchange.getMessage().getBody() instanceof OrderReceipt);
        }

        public void submitClaimed(Exchange exchange) {
            steps.add("submitClaimed");
            CanonicalOrder order = exchange.getProperty("SpotlinkOrder", CanonicalOrder.class);
            exchange.getMessage().setBody(new OrderReceipt(OrderReceipt.Outcome.CREATED, order.sourceSystem(),
                    order.sourceOrderId(), "REQ-1", List.of(), "requisition approved"));
        }
    }

    /** spotOrderMapper: called with the body and the source system, as the route's method expression says. */
    public static class Mapper {
        private final RouteAdvice.Steps steps;

        Mapper(RouteAdvice.Steps steps) {
            this.steps = steps;
        }

        public Mapped toCreateOrder(CanonicalOrder order, String sourceSystem) {
            steps.add("toCreateOrder");
            return new Mapped(sourceSystem, order.sourceOrderId());
        }
    }

    /** orderMeters. */
    public static class Meters {
        private final RouteAdvice.Steps steps;

        Meters(RouteAdvice.Steps steps) {
            this.steps = steps;
        }

        public void completed(Exchange exchange) {
            steps.add("completed");
        }

        public void failed(Exchange exchange) {
            steps.add("failed");
        }
    }

    /** failedOrderRetrier. */
    /** spotCircuit: Spot's breaker, open when the test says. */
    public static class Circuit {
        volatile boolean open;

        public boolean open() {
            return open;
        }
    }

    public static class Retrier {
        private final RouteAdvice.Steps steps;
        volatile List<OrderRecord> due = List.of();

        Retrier(RouteAdvice.Steps steps) {
            this.steps = steps;
        }

        public List<OrderRecord> due() {
            steps.add("due");
            return due;
        }

        public CanonicalOrder orderOf(OrderRecord record) {
            steps.add("orderOf");
            return Orders.valid(record.sourceOrderId());
        }
    }

    /** orphanedOrderRecoverer: takes over the orders whose ids are in {@code wins}. */
    public static class Recoverer {
        private final RouteAdvice.Steps steps;
        volatile List<OrderRecord> orphaned = List.of();
        volatile Set<Long> wins = Set.of();

        Recoverer(RouteAdvice.Steps steps) {
            this.steps = steps;
        }

        public List<OrderRecord> orphaned() {
            steps.add("orphaned");
            return orphaned;
        }

        public void takeOver(Exchange exchange) {
            steps.add("takeOver");
            OrderRecord orphan = exchange.getMessage().getBody(OrderRecord.class);
            if (wins.contains(orphan.id())) {
                exchange.setProperty("SpotlinkRecord", orphan);
            }
        }
    }
}
