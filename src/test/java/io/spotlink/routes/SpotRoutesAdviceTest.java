package io.spotlink.routes;

import io.spotlink.spot.RetryAfterDelay;
import io.spotlink.spot.SpotAnswers;
import io.spotlink.spot.SpotApiException;
import io.spotlink.spot.SpotAuthorization;
import io.spotlink.spot.SpotJson;
import io.spotlink.spot.model.Order;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.EndpointInject;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWithRouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.model.ToDefinition;
import org.apache.camel.test.main.junit5.AdviceRouteMapping;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
 * The Spot routes as shipped (spot-http, spot-call with the routeConfiguration spot-retry, spot-create-order and the
 * six spot-* routes over the Spot client), with Spot's HTTP endpoint advised into a mock that answers as Spot would:
 * what leaves for Spot (key, Accept, method, body), how answers become SpotApiExceptions, the breaker-open answer
 * with nothing sent, redelivery of idempotent calls with Retry-After honoured, check-before-resend.
 * The breaker opens once 3 calls in a row failed here, so a test opens it in a few calls.
 */
@CamelMainTest(
        propertyPlaceholderLocations = CONFIG,
        properties = {CONFIG_DIR, NO_SERVER, NO_MANAGEMENT, NO_METRICS, PLAIN_ROUTE_CONTROLLER,
            ROUTES + "file:routes/errors-to-caller.yaml,file:routes/spot-retry.yaml,file:routes/spot-http.yaml,"
                    + "file:routes/spot-call.yaml,file:routes/spot-create-order.yaml,file:routes/spot-activate-kit.yaml,"
                    + "file:routes/spot-create-patient.yaml,file:routes/spot-create-registration-token.yaml,"
                    + "file:routes/spot-create-requisition.yaml,file:routes/spot-get-requisition.yaml,"
                    + "file:routes/spot-list-requisitions.yaml",
            "spot.api.base-url=http://spot.invalid:8099",
            "spot.api.retry.max-redeliveries=2", "spot.api.retry.initial-delay=10", "spot.api.retry.max-delay=2000",
            "spot.api.breaker.minimum-calls=3", "spot.api.breaker.sliding-window=3",
            "spot.api.breaker.failure-rate-threshold=100", "spot.api.breaker.open-seconds=60"},
        advices = {
            @AdviceRouteMapping(route = "spot-http", advice = SpotRoutesAdviceTest.SpotApiMock.class),
            @AdviceRouteMapping(route = "spot-create-order", advice = SpotRoutesAdviceTest.CreateOrderAdvice.class),
            @AdviceRouteMapping(route = "spot-activate-kit", advice = RouteAdvice.AnswerToMock.class),
            @AdviceRouteMapping(route = "spot-create-patient", advice = RouteAdvice.AnswerToMock.class),
            @AdviceRouteMapping(route = "spot-create-registration-token",
                    advice = RouteAdvice.AnswerToMock.class),
            @AdviceRouteMapping(route = "spot-create-requisition", advice = RouteAdvice.AnswerToMock.class),
            @AdviceRouteMapping(route = "spot-get-requisition", advice = RouteAdvice.AnswerToMock.class),
            @AdviceRouteMapping(route = "spot-list-requisitions", advice = RouteAdvice.AnswerToMock.class)})
class SpotRoutesAdviceTest {

    static final Set<String> COVERS = Set.of("spot-http", "spot-call", "spot-retry", "spot-create-order",
            "spot-activate-kit", "spot-create-patient", "spot-create-registration-token", "spot-create-requisition",
            "spot-get-requisition", "spot-list-requisitions");

    private static final long BOUND = 10;
    private static final String KEY = "advice-test-key";
    private static final String ORDERS = "http://spot.invalid:8099/api/v2/orders/";

    /** spot-http's one HTTP call (to: {{spot.api.base-url}}) becomes mock:spot-api. */
    public static class SpotApiMock extends AdviceWithRouteBuilder {
        @Override
        public void configure() {
            weaveByType(ToDefinition.class).selectFirst().replace().to("mock:spot-api");
        }
    }

    /** spot-create-order's call to spot-http becomes mock:create-http. */
    public static class CreateOrderAdvice extends AdviceWithRouteBuilder {
        @Override
        public void configure() {
            weaveByToUri("direct:spot-http").replace().to("mock:create-http");
        }
    }

    final RouteAdvice.Steps steps = new RouteAdvice.Steps();

    @BindToRegistry("spotObjectMapper")
    final Object objectMapper = SpotJson.mapper();
    @BindToRegistry("spotAnswers")
    final SpotAnswers answers = new SpotAnswers();
    @BindToRegistry("spotAuthorization")
    final SpotAuthorization authorization = new SpotAuthorization(KEY);
    @BindToRegistry("spotRetryAfter")
    final RetryAfterDelay retryAfter = new RetryAfterDelay(Duration.ofMillis(2000));
    @BindToRegistry("spotCallMeters")
    final Meters meters = new Meters(steps);
    @BindToRegistry("spotCreateGuard")
    final Guard guard = new Guard();
    @BindToRegistry("spotClient")
    final Client client = new Client(steps);

    @EndpointInject("mock:spot-api")
    MockEndpoint spot;
    @EndpointInject("mock:create-http")
    MockEndpoint createHttp;
    @BeanInject
    CamelContext camel;

    private ProducerTemplate producer() {
        return camel.createProducerTemplate();
    }

    private static void answer(Exchange e, int status, String body, Map<String, Object> headers) {
        e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        headers.forEach(e.getMessage()::setHeader);
        e.getMessage().setBody(body.getBytes(StandardCharsets.UTF_8));
    }

    private Exchange get(String endpoint, String path) {
        return producer().send(endpoint, e -> {
            e.getMessage().setHeader(Exchange.HTTP_METHOD, "GET");
            e.getMessage().setHeader(Exchange.HTTP_URI, "http://spot.invalid:8099" + path);
        });
    }

    @Test
    void spotHttpSendsTheKeyAndAcceptAndNeverKeepsTheKeyOnTheAnswer() throws Exception {
        spot.whenAnyExchangeReceived(e -> answer(e, 200, "{\"order_id\":\"O1234567\"}", Map.of()));
        spot.expectedMessageCount(1);
        spot.expectedHeaderReceived("Authorization", "Token " + KEY);
        spot.expectedHeaderReceived("Accept", "application/json");
        spot.expectedHeaderReceived(Exchange.HTTP_METHOD, "GET");
        spot.expectedHeaderReceived(Exchange.HTTP_URI, "http://spot.invalid:8099/api/v2/orders/O1234567/");

        Exchange answer = get("direct:spot-http", "/api/v2/orders/O1234567/");

        MockEndpoint.assertIsSatisfied(camel, BOUND, TimeUnit.SECONDS);
        assertThat(answer.getException()).isNull();
        assertThat(answer.getMessage().getBody(String.class)).contains("O1234567");
        assertThat(answer.getMessage().getHeaders()).doesNotContainKey("Authorization");
        assertThat(steps.names()).containsExactly("started", "finished");
    }

    @Test
    void spotHttpTurnsEachRefusalIntoItsSpotApiException() {
        spot.whenExchangeReceived(1, e -> answer(e, 400,
                "{\"error\":{\"type\":\"validation_error\",\"details\":[\"unknown kit\"]}}", Map.of()));
        spot.whenExchangeReceived(2, e -> answer(e, 404, "{\"detail\":\"Not found.\"}", Map.of()));
        spot.whenExchangeReceived(3, e -> answer(e, 401, "{\"detail\":\"Invalid token.\"}", Map.of()));

        assertThat(get("direct:spot-http", "/a").getException()).isInstanceOf(SpotApiException.BadRequest.class)
                .hasMessageContaining("unknown kit");
        assertThat(get("direct:spot-http", "/b").getException()).isInstanceOf(SpotApiException.NotFound.class);
        assertThat(get("direct:spot-http", "/c").getException())
                .isInstanceOf(SpotApiException.Configuration.class);
        assertThat(spot.getReceivedCounter()).isEqualTo(3);
        assertThat(steps.names()).as("each call metered, even a refused one").containsExactly("started",
                "finished", "started", "finished", "started", "finished");
    }

    @Test
    void spotHttpCallsNoAnswerUnavailableAndSaysWhetherSpotMayHaveDoneTheWork() {
        spot.whenAnyExchangeReceived(e -> {
            throw new ConnectException("Connection refused");
        });

        Exception failure = get("direct:spot-http", "/api/v2/orders/").getException();

        assertThat(failure).isInstanceOf(SpotApiException.Unavailable.class);
        assertThat(((SpotApiException.Unavailable) failure).mayHaveBeenApplied()).as("a refused connection")
                .isFalse();
        assertThat(steps.names()).containsExactly("started", "finished");
    }

    @Test
    void anOpenBreakerAnswersBreakerOpenAtOnceAndSendsNothing() throws Exception {
        spot.whenAnyExchangeReceived(e -> answer(e, 503, "busy", Map.of()));
        for (int i = 0; i < 3; i++) {
            assertThat(get("direct:spot-http", "/x").getException())
                    .isInstanceOf(SpotApiException.Unavailable.class);
        }
        spot.reset();
        spot.expectedMessageCount(0);

        Exception failure = get("direct:spot-http", "/x").getException();

        assertThat(failure).isInstanceOf(SpotApiException.BreakerOpen.class);
        MockEndpoint.assertIsSatisfied(camel, BOUND, TimeUnit.SECONDS);
        // and spot-retry never retries it: one try, no call
        assertThat(get("direct:spot-call", "/x").getException()).isInstanceOf(SpotApiException.BreakerOpen.class);
        assertThat(spot.getReceivedCounter()).isZero();
    }

    @Test
    void spotCallRedeliversAnUnavailableAnswerWaitingWhatRetryAfterSays() throws Exception {
        spot.whenExchangeReceived(1, e -> answer(e, 503, "busy", Map.of("Retry-After", "1")));
        spot.whenExchangeReceived(2, e -> answer(e, 200, "[]", Map.of()));
        spot.expectedMessageCount(2);

        long start = System.nanoTime();
        Exchange answer = get("direct:spot-call", "/api/v2/orders/");
        long waitedMillis = (System.nanoTime() - start) / 1_000_000;

        MockEndpoint.assertIsSatisfied(camel, BOUND, TimeUnit.SECONDS);
        assertThat(answer.getException()).isNull();
        assertThat(answer.getMessage().getBody(String.class)).isEqualTo("[]");
        assertThat(waitedMillis).as("Spot's Retry-After (1 s), not the 10 ms back-off").isGreaterThanOrEqualTo(900);
        assertThat(spot.getReceivedExchanges()).allSatisfy(e -> assertThat(e.getMessage().getHeader("Authorization"))
                .isEqualTo("Token " + KEY));
    }

    @Test
    void spotCallNeverRetriesARefusalAndGivesUpAfterMaxRedeliveries() {
        spot.whenAnyExchangeReceived(e -> answer(e, 404, "{}", Map.of()));
        assertThat(get("direct:spot-call", "/b").getException()).isInstanceOf(SpotApiException.NotFound.class);
        assertThat(spot.getReceivedCounter()).isEqualTo(1);

        spot.reset();
        spot.whenAnyExchangeReceived(e -> answer(e, 500, "oops", Map.of()));
        assertThat(get("direct:spot-call", "/a").getException()).isInstanceOf(SpotApiException.Unavailable.class);
        assertThat(spot.getReceivedCounter()).as("1 + spot.api.retry.max-redeliveries").isEqualTo(3);
    }

    @Test
    void spotCreateOrderPostsOnlyTheCreateOrderAsJsonAndAnswersTheOrder() throws Exception {
        createHttp.whenAnyExchangeReceived(e -> answer(e, 201, "{\"order_id\":\"O7777777\",\"status\":\"pending\"}",
                Map.of()));
        createHttp.expectedMessageCount(1);
        createHttp.expectedHeaderReceived(Exchange.HTTP_METHOD, "POST");
        createHttp.expectedHeaderReceived(Exchange.HTTP_URI, ORDERS);
        createHttp.expectedHeaderReceived(Exchange.CONTENT_TYPE, "application/json");

        Order created = producer().requestBodyAndHeader("direct:spot-create-order",
                Map.of("source_order_id", "AD-20"), "JMSMessageID", "ID:from-the-channel", Order.class);

        MockEndpoint.assertIsSatisfied(camel, BOUND, TimeUnit.SECONDS);
        assertThat(created.orderId()).isEqualTo("O7777777");
        Exchange sent = createHttp.getReceivedExchanges().get(0);
        assertThat(sent.getMessage().getBody(String.class)).isEqualTo("{\"source_order_id\":\"AD-20\"}");
        assertThat(sent.getMessage().getHeaders()).as("no header of the channel leaves")
                .doesNotContainKey("JMSMessageID");
        assertThat(guard.calls).isEqualTo(1);
    }

    @Test
    void spotCreateOrderTakesAnOrderFoundAtSpotAndCreatesNothing() throws Exception {
        guard.found = new Order("O2222222", null, null, null, null, null, null, null);
        createHttp.expectedMessageCount(0);

        Order answer = producer().requestBody("direct:spot-create-order", Map.of("source_order_id", "AD-21"),
                Order.class);

        MockEndpoint.assertIsSatisfied(camel, BOUND, TimeUnit.SECONDS);
        assertThat(answer.orderId()).isEqualTo("O2222222");
    }

    @Test
    void spotCreateOrderLeavesAFailedCreateToItsCallerWithoutResending() throws Exception {
        createHttp.whenAnyExchangeReceived(e -> {
            throw new SpotApiException.Unavailable(0, null, List.of("timeout"), null, true, null);
        });
        createHttp.expectedMessageCount(1);

        Exchange answer = producer().send("direct:spot-create-order",
                e -> e.getMessage().setBody(Map.of("source_order_id", "AD-22")));

        MockEndpoint.assertIsSatisfied(camel, BOUND, TimeUnit.SECONDS);
        assertThat(answer.getException()).isInstanceOf(SpotApiException.Unavailable.class);
    }

    @Test
    void theSpotClientRoutesCallTheirClientMethodWithTheirArgumentsAndAnswerItsResult() throws Exception {
        for (String route : List.of("spot-activate-kit", "spot-create-patient", "spot-create-registration-token",
                "spot-create-requisition", "spot-get-requisition", "spot-list-requisitions")) {
            camel.getEndpoint("mock:" + route, MockEndpoint.class).expectedMessageCount(1);
        }
        ProducerTemplate p = producer();

        assertThat(p.requestBodyAndHeader("direct:spot-activate-kit", "consent", "SpotKitId", "KIT-1", String.class))
                .isEqualTo("activateKit(KIT-1, consent)");
        assertThat(p.requestBody("direct:spot-create-patient", "patient", String.class))
                .isEqualTo("createPatient(patient)");
        assertThat(p.requestBody("direct:spot-create-registration-token", "P-1", String.class))
                .isEqualTo("createRegistrationToken(P-1)");
        assertThat(p.requestBody("direct:spot-create-requisition", "BC-1", String.class))
                .isEqualTo("createRequisition(BC-1)");
        assertThat(p.requestBody("direct:spot-get-requisition", "REQ-1", String.class))
                .isEqualTo("retrieveRequisition(REQ-1)");
        assertThat(p.requestBody("direct:spot-list-requisitions", Map.of("status", "resulted"), String.class))
                .isEqualTo("listAllRequisitions({status=resulted})");

        MockEndpoint.assertIsSatisfied(camel, BOUND, TimeUnit.SECONDS);
        assertThat(camel.getEndpoint("mock:spot-get-requisition", MockEndpoint.class).getReceivedExchanges().get(0)
                .getMessage().getBody()).isEqualTo("retrieveRequisition(REQ-1)");
    }

    @Test
    void theSpotClientRoutesLeaveSpotsRefusalsToTheirCaller() throws Exception {
        client.failure = new SpotApiException.NotFound("not_found", List.of("no such requisition"));
        MockEndpoint answered = camel.getEndpoint("mock:spot-get-requisition", MockEndpoint.class);
        answered.expectedMessageCount(0);

        Exchange answer = producer().send("direct:spot-get-requisition", e -> e.getMessage().setBody("REQ-404"));

        assertThat(answer.getException()).isSameAs(client.failure);
        assertThat(producer().send("direct:spot-activate-kit", e -> e.getMessage().setBody("x")).getException())
                .isSameAs(client.failure);
        MockEndpoint.assertIsSatisfied(camel, BOUND, TimeUnit.SECONDS);
        assertThat(steps.names()).containsExactly("retrieveRequisition", "activateKit");
    }

    /** spotCallMeters. */
    public static class Meters {
        private final RouteAdvice.Steps steps;

        Meters(RouteAdvice.Steps steps) {
            this.steps = steps;
        }

        public void started(Exchange exchange) {
            steps.add("started");
        }

        public void finished(Exchange exchange) {
            steps.add("finished");
        }
    }

    /** spotCreateGuard: check-before-resend finds {@code found} when set. */
    public static class Guard {
        volatile Order found;
        volatile int calls;

        public void findEarlier(Exchange exchange) {
            calls++;
            if (found != null) {
                exchange.setProperty("SpotlinkFoundAtSpot", found);
            }
        }
    }

    /** spotClient: answers the call it got as text, or throws {@code failure}. */
    public static class Client {
        private final RouteAdvice.Steps steps;
        volatile RuntimeException failure;

        Client(RouteAdvice.Steps steps) {
            this.steps = steps;
        }

        private String call(String method, Object... args) {
            steps.add(method);
            if (failure != null) {
                throw failure;
            }
            return method + "(" + String.join(", ", java.util.Arrays.stream(args).map(String::valueOf).toList())
                    + ")";
        }

        public String activateKit(String kitId, Object activation) {
            return call("activateKit", kitId, activation);
        }

        public String createPatient(Object patient) {
            return call("createPatient", patient);
        }

        public String createRegistrationToken(Object request) {
            return call("createRegistrationToken", request);
        }

        public String createRequisition(Object requisition) {
            return call("createRequisition", requisition);
        }

        public String retrieveRequisition(String requisitionId) {
            return call("retrieveRequisition", requisitionId);
        }

        public String listAllRequisitions(Map<String, String> filters) {
            return call("listAllRequisitions", filters);
        }
    }
}
