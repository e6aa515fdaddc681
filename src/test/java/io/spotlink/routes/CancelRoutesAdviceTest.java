package io.spotlink.routes;

import com.fasterxml.jackson.databind.JsonNode;
import io.spotlink.http.OrderHttpApi;
import io.spotlink.http.auth.ApiKeyAuth;
import io.spotlink.http.auth.ApiKeys;
import io.spotlink.spot.SpotAnswers;
import io.spotlink.spot.SpotJson;
import io.spotlink.spot.SpotRequests;
import io.spotlink.spot.model.Order;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.builder.AdviceWithRouteBuilder;
import org.apache.camel.CamelContext;
import org.apache.camel.EndpointInject;
import org.apache.camel.Exchange;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.main.junit5.AdviceRouteMapping;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * The routes of cancel and change requests as shipped (order-cancel-http, order-change-http with http-errors, and
 * spot-update-order-metadata, its direct:spot-call advised into a mock answering as Spot), called over direct: as the
 * REST DSL and OrderChanges call them. Real API-key check; the request API is a stub recording what reached it (the
 * flows themselves are tested end to end in io.spotlink.cancel).
 */
@CamelMainTest(
        propertyPlaceholderLocations = CONFIG,
        properties = {CONFIG_DIR, NO_SERVER, NO_MANAGEMENT, NO_METRICS, PLAIN_ROUTE_CONTROLLER,
            ROUTES + "file:routes/http-errors.yaml,file:routes/errors-to-caller.yaml,"
                    + "file:routes/order-cancel-http.yaml,file:routes/order-change-http.yaml,"
                    + "file:routes/spot-update-order-metadata.yaml"},
        advices = {
            @AdviceRouteMapping(route = "order-cancel-http", advice = RouteAdvice.AnswerToMock.class),
            @AdviceRouteMapping(route = "order-change-http", advice = RouteAdvice.AnswerToMock.class),
            @AdviceRouteMapping(route = "spot-update-order-metadata",
                    advice = CancelRoutesAdviceTest.SpotCallToMock.class)})
class CancelRoutesAdviceTest {

    static final Set<String> COVERS = Set.of("order-cancel-http", "order-change-http", "spot-update-order-metadata");

    private static final long BOUND = 5;
    private static final String SUBMITTER = "submitter-key-0001";
    private static final String READER = "reader-key-0002";

    /** What reached the stubs, in order. */
    static final List<String> SEEN = new CopyOnWriteArrayList<>();

    @BindToRegistry("spotObjectMapper")
    final Object objectMapper = SpotJson.mapper();
    @BindToRegistry("apiKeyAuth")
    final ApiKeyAuth auth = new ApiKeyAuth(ApiKeys.parse("lab:submitter:" + ApiKeys.hashOf(SUBMITTER)
            + ",page:reader:" + ApiKeys.hashOf(READER)), true);
    @BindToRegistry("orderHttpApi")
    final OrderHttpApi orderHttpApi = new OrderHttpApi(4096, null, new OrderHttpApi.RetryAfter(30, 5));
    @BindToRegistry("orderRequestHttpApi")
    final RequestApi requests = new RequestApi();
    @BindToRegistry("spotRequests")
    final SpotRequests spotRequests = new SpotRequests();
    @BindToRegistry("spotAnswers")
    final SpotAnswers spotAnswers = new SpotAnswers();

    @EndpointInject("mock:order-cancel-http")
    MockEndpoint cancelAnswer;
    @EndpointInject("mock:spot-retried")
    MockEndpoint spotCall;
    @BeanInject
    CamelContext camel;

    /** Stands for io.spotlink.cancel.RequestHttpApi: records the caller and the body it got, answers 202. */
    public static class RequestApi {
        public void cancel(Exchange exchange) {
            SEEN.add("cancel " + exchange.getMessage().getHeader("source_order_id") + " by "
                    + exchange.getMessage().getHeader(ApiKeyAuth.CALLER_HEADER));
            answer(exchange, 202, Map.of("cancel", "requested"));
        }

        public void change(Exchange exchange) {
            Object body = exchange.getMessage().getBody();
            SEEN.add("change " + (body instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : body));
            answer(exchange, 200, Map.of("change", "applied"));
        }

        private static void answer(Exchange exchange, int status, Map<String, Object> body) {
            exchange.getMessage().removeHeaders("*");
            exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
            exchange.getMessage().setBody(body);
        }
    }

    /** spot-update-order-metadata's direct:spot-call (a retried call) becomes mock:spot-retried. */
    public static class SpotCallToMock extends AdviceWithRouteBuilder {
        @Override
        public void configure() {
            weaveByToUri("direct:spot-call").replace().to("mock:spot-retried");
        }
    }

    private Exchange call(String route, String key, Object body, Map<String, Object> headers) {
        return camel.createProducerTemplate().send("direct:" + route, e -> {
            if (key != null) {
                e.getMessage().setHeader("Authorization", "Bearer " + key);
            }
            headers.forEach(e.getMessage()::setHeader);
            e.getMessage().setBody(body);
        });
    }

    private static JsonNode json(Exchange answer) throws Exception {
        return SpotJson.mapper().readTree(answer.getMessage().getBody(String.class));
    }

    @Test
    void cancelNeedsTheSubmitterRoleAndAnswersJsonNamingTheCaller() throws Exception {
        SEEN.clear();
        Exchange none = call("order-cancel-http", null, null, Map.of("source_order_id", "A-1"));
        assertThat(none.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class)).isEqualTo(401);
        Exchange reader = call("order-cancel-http", READER, null, Map.of("source_order_id", "A-1"));
        assertThat(reader.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class)).isEqualTo(403);
        assertThat(SEEN).isEmpty();

        cancelAnswer.expectedMessageCount(1);
        Exchange ok = call("order-cancel-http", SUBMITTER, null, Map.of("source_system", "EPIC",
                "source_order_id", "A-1"));
        MockEndpoint.assertIsSatisfied(camel, BOUND, TimeUnit.SECONDS);
        assertThat(ok.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class)).isEqualTo(202);
        assertThat(json(ok).path("cancel").asText()).isEqualTo("requested");
        assertThat(SEEN).containsExactly("cancel A-1 by lab");
    }

    @Test
    void changeHandsTheRawBytesToTheApi() throws Exception {
        SEEN.clear();
        Exchange ok = call("order-change-http", SUBMITTER, "{\"metadata\":{\"notes\":\"Müller\"}}"
                .getBytes(StandardCharsets.UTF_8), Map.of("source_system", "EPIC", "source_order_id", "A-2"));
        assertThat(ok.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class)).isEqualTo(200);
        assertThat(json(ok).path("change").asText()).isEqualTo("applied");
        assertThat(SEEN).containsExactly("change {\"metadata\":{\"notes\":\"Müller\"}}");
    }

    @Test
    void theMetadataUpdatePostsTheWholeMetadataRetriedAndAnswersTheOrder() throws Exception {
        spotCall.whenAnyExchangeReceived(e -> {
            e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
            e.getMessage().setBody("{\"order_id\":\"O1234567\",\"metadata\":{\"notes\":\"fasting\"}}"
                    .getBytes(StandardCharsets.UTF_8));
        });
        spotCall.expectedMessageCount(2);

        Exchange done = camel.createProducerTemplate().send("direct:spot-update-order-metadata", e -> {
            e.getMessage().setHeader("SpotOrderId", "O1234567");
            e.getMessage().setHeader("Authorization", "Bearer " + SUBMITTER);
            e.getMessage().setBody(Map.of("notes", "fasting"));
        });
        camel.createProducerTemplate().send("direct:spot-update-order-metadata", e -> {
            e.getMessage().setHeader("SpotOrderId", "O1/../2?x#y");
            e.getMessage().setBody(Map.of("notes", "fasting"));
        });

        MockEndpoint.assertIsSatisfied(camel, BOUND, TimeUnit.SECONDS);
        assertThat(done.getException()).isNull();
        assertThat(done.getMessage().getBody()).isInstanceOfSatisfying(Order.class,
                o -> assertThat(o.orderId()).isEqualTo("O1234567"));
        Exchange sent = spotCall.getReceivedExchanges().get(0);
        assertThat(sent.getMessage().getHeader(Exchange.HTTP_METHOD, String.class)).isEqualTo("POST");
        assertThat(sent.getMessage().getHeader(Exchange.HTTP_URI))
                .isEqualTo("http://127.0.0.1:8099/api/v2/orders/O1234567/");
        assertThat(sent.getMessage().getHeader(Exchange.CONTENT_TYPE)).isEqualTo("application/json");
        assertThat(sent.getMessage().getBody(String.class)).isEqualTo("{\"metadata\":{\"notes\":\"fasting\"}}");
        assertThat(sent.getMessage().getHeaders()).as("no header of the caller leaves")
                .doesNotContainKeys("Authorization", "SpotOrderId");
        assertThat(spotCall.getReceivedExchanges().get(1).getMessage().getHeader(Exchange.HTTP_URI))
                .as("an id never leaves its path segment")
                .isEqualTo("http://127.0.0.1:8099/api/v2/orders/O1%2F..%2F2%3Fx%23y/");
    }
}
