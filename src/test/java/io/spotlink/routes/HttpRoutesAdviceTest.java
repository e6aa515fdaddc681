package io.spotlink.routes;

import com.fasterxml.jackson.databind.JsonNode;
import io.spotlink.http.HttpProblem;
import io.spotlink.http.OrderHttpApi;
import io.spotlink.http.auth.ApiKeyAuth;
import io.spotlink.http.auth.ApiKeys;
import io.spotlink.intake.CanonicalOrder;
import io.spotlink.intake.OrderReceipt;
import io.spotlink.spot.SpotApiException;
import io.spotlink.spot.SpotJson;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.EndpointInject;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.builder.AdviceWithRouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.main.junit5.AdviceRouteMapping;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * The routes behind the HTTP faces as shipped (order-intake-http, order-lookup-http, order-list-http,
 * deliveries-http, delivery-replay-http, operator-status-http, operator-page-http, spot-callback) and their
 * routeConfiguration http-errors, called over direct: as the REST DSL calls them. Real API-key check, real order
 * parsing and answers (OrderHttpApi); the rest are stubs, order-submit and result-fetch mocks. Each route is
 * checked for its role, its flow and its error answers: JSON with the right status, never the input echoed.
 */
@CamelMainTest(
        propertyPlaceholderLocations = CONFIG,
        properties = {CONFIG_DIR, NO_SERVER, NO_MANAGEMENT, NO_METRICS, PLAIN_ROUTE_CONTROLLER,
            ROUTES + "file:routes/http-errors.yaml,file:routes/order-intake-http.yaml,"
                    + "file:routes/order-lookup-http.yaml,file:routes/order-list-http.yaml,"
                    + "file:routes/deliveries-http.yaml,file:routes/delivery-replay-http.yaml,"
                    + "file:routes/operator-status-http.yaml,file:routes/operator-page-http.yaml,"
                    + "file:routes/spot-callback.yaml"},
        advices = {
            @AdviceRouteMapping(route = "order-intake-http", advice = HttpRoutesAdviceTest.SubmitMock.class),
            @AdviceRouteMapping(route = "order-lookup-http", advice = RouteAdvice.AnswerToMock.class),
            @AdviceRouteMapping(route = "order-list-http", advice = RouteAdvice.AnswerToMock.class),
            @AdviceRouteMapping(route = "deliveries-http", advice = RouteAdvice.AnswerToMock.class),
            @AdviceRouteMapping(route = "delivery-replay-http", advice = RouteAdvice.AnswerToMock.class),
            @AdviceRouteMapping(route = "operator-status-http", advice = RouteAdvice.AnswerToMock.class),
            @AdviceRouteMapping(route = "operator-page-http", advice = HttpRoutesAdviceTest.PageFromDirect.class),
            @AdviceRouteMapping(route = "spot-callback", advice = HttpRoutesAdviceTest.FetchMock.class)})
class HttpRoutesAdviceTest {

    static final Set<String> COVERS = Set.of("http-errors", "order-intake-http", "order-lookup-http",
            "order-list-http", "deliveries-http", "delivery-replay-http", "operator-status-http",
            "operator-page-http", "spot-callback");

    private static final long BOUND = 5;
    private static final String SUBMITTER = "submitter-key-0001";
    private static final String READER = "reader-key-0002";
    private static final String OPERATOR = "operator-key-0003";
    private static final int MAX_BYTES = 4096;
    /** A valid order as a hospital sends it: the demo's sample. */
    private static final String ORDER = sample("examples/order-lipid-mueller.json");

    /** order-intake-http's call to order-submit becomes a mock. */
    public static class SubmitMock extends AdviceWithRouteBuilder {
        @Override
        public void configure() {
            weaveByToUri("direct:order-submit").replace().to("mock:order-submit");
        }
    }

    /** The operator page's platform-http consumer becomes direct:, and its answer goes to a mock too. */
    public static class PageFromDirect extends AdviceWithRouteBuilder {
        @Override
        public void configure() {
            RouteAdvice.ORIGINAL_FROM.put("operator-page-http", getOriginalRoute().getInput().getEndpointUri());
            replaceFromWith("direct:operator-page-http");
            weaveAddLast().to("mock:operator-page-http");
        }
    }

    /** spot-callback's queue of fetches becomes a mock. */
    public static class FetchMock extends AdviceWithRouteBuilder {
        @Override
        public void configure() {
            weaveByToUri("seda:result-fetch*").replace().to("mock:result-fetch");
        }
    }

    final RouteAdvice.Steps steps = new RouteAdvice.Steps();

    @BindToRegistry("spotObjectMapper")
    final Object objectMapper = SpotJson.mapper();
    @BindToRegistry("apiKeyAuth")
    final ApiKeyAuth auth = new ApiKeyAuth(ApiKeys.parse("lab:submitter:" + ApiKeys.hashOf(SUBMITTER)
            + ",page:reader:" + ApiKeys.hashOf(READER) + ",ops:operator:" + ApiKeys.hashOf(OPERATOR)), true);
    @BindToRegistry("orderHttpApi")
    final OrderHttpApi orderHttpApi = new OrderHttpApi(MAX_BYTES, null, new OrderHttpApi.RetryAfter(30, 5));
    @BindToRegistry("orderLookupApi")
    final Api lookup = new Api(steps);
    @BindToRegistry("orderListApi")
    final Api list = new Api(steps);
    @BindToRegistry("deliveryHttpApi")
    final Api deliveries = new Api(steps);
    @BindToRegistry("operatorStatusApi")
    final Api status = new Api(steps);
    @BindToRegistry("operatorPage")
    final Api page = new Api(steps);
    @BindToRegistry("spotCallbackApi")
    final Callbacks callbacks = new Callbacks(steps);
    @BindToRegistry("callbackIdResolver")
    final Resolver resolver = new Resolver(steps);
    /** Retention's steps in the reading routes (tested in io.spotlink.retention.RetentionHttpTest): no-ops here. */
    @BindToRegistry("prunedContent")
    final Pruned pruned = new Pruned();

    @EndpointInject("mock:order-submit")
    MockEndpoint submit;
    @EndpointInject("mock:result-fetch")
    MockEndpoint fetch;
    @BeanInject
    CamelContext camel;

    private static String sample(String file) {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of(file));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
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

    private static int status(Exchange answer) {
        return answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
    }

    private static JsonNode json(Exchange answer) throws Exception {
        return SpotJson.mapper().readTree(text(answer));
    }

    /** The answer's body as text; kept as text, since a stream-cached body reads once. */
    private static String text(Exchange answer) {
        String text = answer.getMessage().getBody(String.class);
        answer.getMessage().setBody(text);
        return text;
    }

    private void submitAnswers(OrderReceipt.Outcome outcome) {
        submit.whenAnyExchangeReceived(e -> {
            CanonicalOrder order = e.getMessage().getBody(CanonicalOrder.class);
            e.getMessage().setBody(new OrderReceipt(outcome, order.sourceSystem(), order.sourceOrderId(),
                    outcome == OrderReceipt.Outcome.CREATED ? "O3000000" : null, List.of(), "answer"));
        });
    }

    @Test
    void orderIntakeHttpParsesTheBytesSubmitsOnTheHttpChannelAndAnswers201() throws Exception {
        submitAnswers(OrderReceipt.Outcome.CREATED);
        submit.expectedMessageCount(1);
        submit.expectedPropertyReceived("SpotlinkChannel", "http");
        submit.message(0).body().isInstanceOf(CanonicalOrder.class);
        submit.message(0).header("Authorization").isNull();

        Exchange answer = call("order-intake-http", SUBMITTER, ORDER.getBytes(StandardCharsets.UTF_8),
                Map.of(Exchange.CONTENT_TYPE, "application/json"));

        MockEndpoint.assertIsSatisfied(camel, BOUND, TimeUnit.SECONDS);
        assertThat(status(answer)).isEqualTo(201);
        assertThat(json(answer).path("spot_order_id").asText()).isEqualTo("O3000000");
        assertThat(json(answer).path("outcome").asText()).isEqualTo("created");
    }

    @Test
    void orderIntakeHttpAnswersAnInProgressRepeat409WithRetryAfter() throws Exception {
        submitAnswers(OrderReceipt.Outcome.IN_PROGRESS);

        Exchange answer = call("order-intake-http", SUBMITTER, ORDER, Map.of());

        assertThat(status(answer)).isEqualTo(409);
        assertThat(answer.getMessage().getHeader("Retry-After", Integer.class)).isEqualTo(5);
    }

    @Test
    void anUnreadableOrderIsAnswered400ByHttpErrorsAndNeverSubmitted() throws Exception {
        submit.expectedMessageCount(0);

        Exchange answer = call("order-intake-http", SUBMITTER, "{\"source_order_id\": \"AD-31\", \"source_order_id\": 1}",
                Map.of());

        MockEndpoint.assertIsSatisfied(camel, BOUND, TimeUnit.SECONDS);
        assertThat(answer.getException()).isNull();
        assertThat(status(answer)).isEqualTo(400);
        assertThat(json(answer).path("outcome").asText()).isEqualTo("rejected");
        assertThat(json(answer).path("errors").size()).isPositive();
        assertThat(text(answer)).as("the input is never echoed").doesNotContain("AD-31");
    }

    @Test
    void aBodyOverTheLimitIsAnswered413() throws Exception {
        submit.expectedMessageCount(0);

        Exchange answer = call("order-intake-http", SUBMITTER, "x".repeat(MAX_BYTES + 1), Map.of());

        MockEndpoint.assertIsSatisfied(camel, BOUND, TimeUnit.SECONDS);
        assertThat(status(answer)).isEqualTo(413);
    }

    @Test
    void spotUnavailableOrItsOpenBreakerIsAnswered503WithRetryAfterAndAnythingElse500WithAReference()
            throws Exception {
        submit.whenExchangeReceived(1, e -> {
            throw new SpotApiException.BreakerOpen(null);
        });
        submit.whenExchangeReceived(2, e -> {
            throw new IllegalStateException("boom " + e.getMessage().getBody(CanonicalOrder.class).sourceOrderId());
        });

        Exchange unavailable = call("order-intake-http", SUBMITTER, ORDER, Map.of());
        assertThat(status(unavailable)).isEqualTo(503);
        assertThat(unavailable.getMessage().getHeader("Retry-After", Integer.class)).isEqualTo(30);
        assertThat(json(unavailable).path("retryable").asBoolean()).isTrue();

        Exchange unexpected = call("order-intake-http", SUBMITTER, ORDER, Map.of());
        assertThat(status(unexpected)).isEqualTo(500);
        assertThat(json(unexpected).path("message").asText()).contains("Reference " + unexpected.getExchangeId());
        assertThat(text(unexpected)).doesNotContain("boom", "ORD-1001");
    }

    @Test
    void everyHttpRouteRefusesAMissingKey401AndAKeyWithoutItsRole403() throws Exception {
        Map<String, String> wrongRole = Map.of("order-intake-http", READER, "order-lookup-http", SUBMITTER,
                "order-list-http", SUBMITTER, "deliveries-http", SUBMITTER, "delivery-replay-http", READER,
                "operator-status-http", READER);
        for (var route : wrongRole.entrySet()) {
            Exchange none = call(route.getKey(), null, ORDER, Map.of());
            assertThat(status(none)).as(route.getKey() + " without a key").isEqualTo(401);
            assertThat(none.getMessage().getHeader("WWW-Authenticate", String.class)).startsWith("Bearer");
            assertThat(status(call(route.getKey(), route.getValue(), ORDER, Map.of())))
                    .as(route.getKey() + " without its role").isEqualTo(403);
        }
        assertThat(submit.getReceivedCounter()).isZero();
        assertThat(steps.names()).as("no API bean was reached").isEmpty();
    }

    @Test
    void theReadingRoutesAnswerWhatTheirApiSetsForTheirRole() throws Exception {
        Map<String, String> roleOf = Map.of("order-lookup-http", READER, "order-list-http", READER,
                "deliveries-http", OPERATOR, "operator-status-http", OPERATOR);
        for (var route : roleOf.entrySet()) {
            MockEndpoint answered = camel.getEndpoint("mock:" + route.getKey(), MockEndpoint.class);
            answered.expectedMessageCount(1);
            answered.message(0).header("Authorization").isNull();

            Exchange answer = call(route.getKey(), route.getValue(), null, Map.of("id", "AD-32", "status", "failed"));

            assertThat(answer.getException()).isNull();
            assertThat(answer.getMessage().getBody(Map.class)).as(route.getKey() + ": the REST binding turns it "
                    + "into JSON").containsEntry("answered", "AD-32/failed");
        }
        MockEndpoint.assertIsSatisfied(camel, BOUND, TimeUnit.SECONDS);
        assertThat(steps.names()).hasSize(4).allMatch(s -> s.startsWith("api:"));
    }

    @Test
    void aRefusalOfAReadingRouteIsAnsweredByHttpErrorsWithItsStatus() throws Exception {
        lookup.problem = HttpProblem.of(404, "no such order");
        camel.getEndpoint("mock:order-lookup-http", MockEndpoint.class).expectedMessageCount(0);

        Exchange answer = call("order-lookup-http", READER, null, Map.of("id", "AD-404"));

        MockEndpoint.assertIsSatisfied(camel, BOUND, TimeUnit.SECONDS);
        assertThat(status(answer)).isEqualTo(404);
        assertThat(json(answer).path("message").asText()).isEqualTo("no such order");
    }

    @Test
    void deliveryReplayAnswersItsStatusAsJson() throws Exception {
        MockEndpoint answered = camel.getEndpoint("mock:delivery-replay-http", MockEndpoint.class);
        answered.expectedMessageCount(1);

        Exchange answer = call("delivery-replay-http", OPERATOR, null, Map.of("id", "17"));

        MockEndpoint.assertIsSatisfied(camel, BOUND, TimeUnit.SECONDS);
        assertThat(status(answer)).isEqualTo(202);
        assertThat(json(answer).path("answered").asText()).as("marshalled by the route").isEqualTo("17/null");
    }

    @Test
    void theOperatorPageIsServedByItsBeanForGetsUnderUi() throws Exception {
        assertThat(RouteAdvice.ORIGINAL_FROM.get("operator-page-http")).startsWith("platform-http:/ui")
                .contains("matchOnUriPrefix=true", "httpMethodRestrict=GET");
        MockEndpoint answered = camel.getEndpoint("mock:operator-page-http", MockEndpoint.class);
        answered.expectedMessageCount(1);
        answered.message(0).body().isEqualTo(new LinkedHashMap<>(Map.of("answered", "null/null")));

        camel.createProducerTemplate().sendBody("direct:operator-page-http", null);

        MockEndpoint.assertIsSatisfied(camel, BOUND, TimeUnit.SECONDS);
        assertThat(steps.names()).containsExactly("api:serve");
    }

    @Test
    void spotCallbackQueuesAFetchPerOrderOfOursAndAnswers202() throws Exception {
        resolver.orderIds = List.of("O1000001", "O1000002");
        fetch.expectedBodiesReceived("O1000001", "O1000002");

        Exchange answer = call("spot-callback", null, "{\"order_ids\":[\"O1000001\",\"O1000002\",\"O9\"]}",
                Map.of("X-Spot-Signature", "s3cret"));

        MockEndpoint.assertIsSatisfied(camel, BOUND, TimeUnit.SECONDS);
        assertThat(status(answer)).isEqualTo(202);
        assertThat(json(answer).path("fetching").size()).isEqualTo(2);
        assertThat(steps.names()).containsExactly("accept", "resolve", "accepted");
    }

    @Test
    void aRefusedCallbackIsAnsweredWithItsStatusAndRetryAfterAndFetchesNothing() throws Exception {
        callbacks.refusal = new HttpProblem(429, Map.of("message", "too many callbacks"), Map.of("Retry-After", 1));
        fetch.expectedMessageCount(0);

        Exchange answer = call("spot-callback", null, "{}", Map.of());

        MockEndpoint.assertIsSatisfied(camel, BOUND, TimeUnit.SECONDS);
        assertThat(status(answer)).isEqualTo(429);
        assertThat(answer.getMessage().getHeader("Retry-After", Integer.class)).isEqualTo(1);
        assertThat(steps.names()).containsExactly("accept");
    }

    /**
     * One stub for every reading API bean: any method name answers {"answered": "<id>/<status>"}, 202 for a
     * replay; {@code problem} is thrown instead when set.
     */
    public static class Api {
        private final RouteAdvice.Steps steps;
        volatile HttpProblem problem;

        Api(RouteAdvice.Steps steps) {
            this.steps = steps;
        }

        private void answer(String method, Exchange exchange) {
            steps.add("api:" + method);
            if (problem != null) {
                throw problem;
            }
            var in = exchange.getMessage();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("answered", in.getHeader("id") + "/" + in.getHeader("status"));
            in.setHeader(Exchange.HTTP_RESPONSE_CODE, "replay".equals(method) ? 202 : 200);
            in.setBody(body);
        }

        public void lookup(@Header("id") String id, Exchange exchange) {
            answer("lookup", exchange);
        }

        public void list(Exchange exchange) {
            answer("list", exchange);
        }

        public void replay(@Header("id") String id, Exchange exchange) {
            answer("replay", exchange);
        }

        public void status(Exchange exchange) {
            answer("status", exchange);
        }

        public void serve(Exchange exchange) {
            answer("serve", exchange);
        }
    }

    /** prunedContent: says nothing was pruned and refuses no replay. */
    public static class Pruned {
        public void markOrder(Exchange exchange) {
        }

        public void markDeliveries(Exchange exchange) {
        }

        public void refuseReplayOfPruned(@Header("id") String id) {
        }
    }

    /** spotCallbackApi: refuses with {@code refusal} when set, else accepts; answers 202 with the targets. */
    public static class Callbacks {
        private final RouteAdvice.Steps steps;
        volatile HttpProblem refusal;

        Callbacks(RouteAdvice.Steps steps) {
            this.steps = steps;
        }

        public void accept(Exchange exchange) {
            steps.add("accept");
            if (refusal != null) {
                throw refusal;
            }
            exchange.getMessage().removeHeaders("*");
        }

        public void accepted(Exchange exchange) {
            steps.add("accepted");
            Targets targets = exchange.getMessage().getBody(Targets.class);
            exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 202);
            exchange.getMessage().setBody(Map.of("fetching", targets.orderIds()));
        }
    }

    /** What callbackIdResolver answers: the ids of our orders to fetch. */
    public record Targets(List<String> orderIds) {
    }

    /** callbackIdResolver: the callback's ids that are our orders ({@code orderIds}). */
    public static class Resolver {
        private final RouteAdvice.Steps steps;
        volatile List<String> orderIds = List.of();

        Resolver(RouteAdvice.Steps steps) {
            this.steps = steps;
        }

        public Targets resolve(Exchange exchange) {
            steps.add("resolve");
            return new Targets(orderIds);
        }
    }
}
