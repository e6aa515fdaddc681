package io.spotlink.routes;

import io.spotlink.intake.FailedOrderRetrier;
import io.spotlink.intake.OrderReceipt;
import io.spotlink.ledger.LedgerStatus;
import io.spotlink.ledger.OrderLedger;
import io.spotlink.spot.SpotApiException;
import io.spotlink.spot.model.CreateOrder;
import io.spotlink.support.Orders;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.EndpointInject;
import org.apache.camel.Exchange;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * order-submit, order-enrich, spot-create-order and order-retry as Camel Main runs them (config, the beans, the
 * YAML files), with Spot replaced by a mock of direct:spot-http (mockEndpointsAndSkip): the steps run in their
 * order, a refused order never reaches Spot, a failed create stays FAILED and order-retry resubmits it through
 * order-submit, looking at Spot first. The ledger (H2 in memory) outlives each test's context: every test uses its
 * own source and Spot order ids.
 */
@CamelMainTest(
        configurationClasses = {io.spotlink.config.LedgerConfiguration.class, io.spotlink.config.SpotConfiguration.class,
                io.spotlink.config.IntakeConfiguration.class, io.spotlink.config.IntakeChannelsConfiguration.class,
                io.spotlink.config.HttpConfiguration.class, io.spotlink.ops.OpsBeans.class},
        propertyPlaceholderLocations = "file:config/application.properties",
        properties = {
            "spotlink.config-dir=config",
            "spot.api.key=route-test-key",
            "spot.api.base-url=http://127.0.0.1:9",
            "spotlink.ledger.url=jdbc:h2:mem:order-submit-routes;DB_CLOSE_DELAY=-1",
            "spotlink.intake.retry.enabled=true",
            "spotlink.intake.retry.interval=1ms",
            "camel.main.routes-include-pattern=file:routes/errors-to-caller.yaml,file:routes/spot-retry.yaml,"
                    + "file:routes/order-submit.yaml,file:routes/order-enrich.yaml,file:routes/spot-create-order.yaml,"
                    + "file:routes/spot-http.yaml,file:routes/spot-call.yaml,file:routes/order-retry.yaml"
        },
        replaceRouteFromWith = {"order-retry=direct:order-retry-cycle"},
        mockEndpointsAndSkip = "direct:spot-http",
        mockEndpoints = "direct:order-enrich")
class OrderSubmitRoutesTest implements CamelContextAware {

    private static final String CREATED = "{\"order_id\":\"O7654321\",\"status\":\"pending\"}";

    @EndpointInject("mock:direct:spot-http")
    MockEndpoint spot;
    @EndpointInject("mock:direct:order-enrich")
    MockEndpoint enrich;
    @BeanInject("orderLedger")
    OrderLedger ledger;
    @BeanInject("failedOrderRetrier")
    FailedOrderRetrier retrier;
    private CamelContext camel;

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camel = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camel;
    }

    private static void answer(Exchange exchange, int status, String body) {
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setBody(body.getBytes(StandardCharsets.UTF_8));
    }

    private OrderReceipt submit(String sourceOrderId) {
        return camel.createProducerTemplate().requestBody("direct:order-submit", Orders.valid(sourceOrderId),
                OrderReceipt.class);
    }

    @Test
    void orderSubmitEnrichesThenCreatesThenRecords() throws Exception {
        spot.whenAnyExchangeReceived(e -> answer(e, 201, CREATED));
        enrich.expectedMessageCount(1);
        enrich.message(0).body().isInstanceOf(CreateOrder.class);
        spot.expectedMessageCount(1);
        spot.expectedHeaderReceived(Exchange.HTTP_METHOD, "POST");

        OrderReceipt receipt = submit("RT-1");

        MockEndpoint.assertIsSatisfied(camel);
        assertThat(receipt.outcome()).isEqualTo(OrderReceipt.Outcome.CREATED);
        assertThat(receipt.spotOrderId()).isEqualTo("O7654321");
        // spot-create-order marshalled the CreateOrder with camel-jackson: Spot's wire names
        assertThat(spot.getReceivedExchanges().get(0).getMessage().getBody(String.class))
                .contains("\"kit_types\"", "\"source_order_id\":\"RT-1\"");
        assertThat(ledger.findBySource("EPIC-TEST", "RT-1").orElseThrow().status()).isEqualTo(LedgerStatus.SUBMITTED);
        assertThat(submit("RT-1").outcome()).as("a repeat answers from the ledger")
                .isEqualTo(OrderReceipt.Outcome.EXISTING);
        assertThat(spot.getReceivedCounter()).isEqualTo(1);
    }

    @Test
    void anInvalidOrderNeverReachesEnrichOrSpot() throws Exception {
        enrich.expectedMessageCount(0);
        spot.expectedMessageCount(0);
        OrderReceipt receipt = camel.createProducerTemplate().requestBody("direct:order-submit",
                Orders.valid(""), OrderReceipt.class);
        assertThat(receipt.outcome()).isEqualTo(OrderReceipt.Outcome.REJECTED);
        MockEndpoint.assertIsSatisfied(camel);
    }

    @Test
    void orderRetryResubmitsAFailedOrderThroughOrderSubmitLookingAtSpotFirst() throws Exception {
        // spot-http (skipped here) turns a 503 into this
        spot.whenExchangeReceived(1, e -> e.setException(new SpotApiException.Unavailable(503, null, List.of("down"),
                null, true, null)));
        assertThatThrownBy(() -> submit("RT-3")).hasCauseInstanceOf(SpotApiException.Unavailable.class);
        assertThat(ledger.findBySource("EPIC-TEST", "RT-3").orElseThrow().status()).isEqualTo(LedgerStatus.FAILED);

        spot.whenExchangeReceived(2, e -> answer(e, 200, "[]")); // check-before-resend: not at Spot
        spot.whenExchangeReceived(3, e -> answer(e, 201, CREATED.replace("O7654321", "O7654333")));
        // due once it failed at least one retry interval (1 ms) ago: a cycle in the same millisecond skips it
        await().atMost(Duration.ofSeconds(5)).until(() -> java.util.stream.StreamSupport.stream(java.util.Spliterators.spliteratorUnknownSize(
                retrier.due(), 0), false)
                .anyMatch(r -> "RT-3".equals(r.sourceOrderId())));
        enrich.reset();
        enrich.expectedMessageCount(1); // the user's step applies to retries too
        camel.createProducerTemplate().sendBody("direct:order-retry-cycle", null);

        MockEndpoint.assertIsSatisfied(camel);
        assertThat(spot.getReceivedExchanges()).extracting(e -> e.getMessage().getHeader(Exchange.HTTP_METHOD,
                String.class)).containsExactly("POST", "GET", "POST");
        assertThat(ledger.findBySource("EPIC-TEST", "RT-3").orElseThrow().status()).isEqualTo(LedgerStatus.SUBMITTED);
    }

    @Test
    void spotCreateOrderTakesAnOrderFoundAtSpotInsteadOfCreatingItAgain() throws Exception {
        spot.whenExchangeReceived(1, e -> e.setException(new SpotApiException.Unavailable(500, null, List.of("lost"),
                null, true, null)));
        assertThatThrownBy(() -> submit("RT-4")).hasCauseInstanceOf(SpotApiException.Unavailable.class);
        // the 500 hid a created order: the list finds it, the retrieve shows our source ids in its metadata
        spot.whenExchangeReceived(2, e -> answer(e, 200, "[{\"order_id\":\"O2222222\"}]"));
        spot.whenExchangeReceived(3, e -> answer(e, 200, "{\"order_id\":\"O2222222\",\"status\":\"pending\","
                + "\"metadata\":{\"source_system\":\"EPIC-TEST\",\"source_order_id\":\"RT-4\"}}"));

        OrderReceipt receipt = submit("RT-4"); // the sender's resend

        assertThat(receipt.spotOrderId()).isEqualTo("O2222222");
        assertThat(spot.getReceivedExchanges()).extracting(e -> e.getMessage().getHeader(Exchange.HTTP_METHOD,
                String.class)).as("no second create").containsExactly("POST", "GET", "GET");
    }
}
