package io.spotlink.routes;

import io.spotlink.spot.RetryAfterDelay;
import io.spotlink.spot.SpotAnswers;
import io.spotlink.spot.SpotApiException;
import io.spotlink.spot.SpotAuthorization;
import io.spotlink.spot.SpotClient;
import io.spotlink.spot.SpotJson;
import io.spotlink.spot.SpotRequests;
import io.spotlink.spot.model.ActivateKit;
import io.spotlink.spot.model.CreatePatient;
import io.spotlink.spot.model.CreateRequisition;
import io.spotlink.spot.model.KitActivation;
import io.spotlink.spot.model.Patient;
import io.spotlink.spot.model.RegistrationToken;
import io.spotlink.spot.model.RegistrationTokenRequest;
import io.spotlink.spot.model.Requisition;
import io.spotlink.support.Requisitions;
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
import java.time.LocalDate;
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
 * six other spot-* call routes), with Spot's HTTP endpoint advised into a mock that answers as Spot would: what
 * leaves for Spot (key, Accept, method, body), how answers become SpotApiExceptions, the breaker-open answer with
 * nothing sent, redelivery of idempotent calls with Retry-After honoured, check-before-resend. The call routes'
 * direct:spot-http (once) and direct:spot-call (retried) are advised into mock:spot-once and mock:spot-retried:
 * which of the two, the method, URI (ids encoded), body, and the typed answer.
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
            "spot.api.base-url=http://spot.invalid:8099", "spot.api.page-size=2",
            "spot.api.retry.max-redeliveries=2", "spot.api.retry.initial-delay=10", "spot.api.retry.max-delay=2000",
            "spot.api.breaker.minimum-calls=3", "spot.api.breaker.sliding-window=3",
            "spot.api.breaker.failure-rate-threshold=100", "spot.api.breaker.open-seconds=60"},
        advices = {
            @AdviceRouteMapping(route = "spot-http", advice = SpotRoutesAdviceTest.SpotApiMock.class),
            @AdviceRouteMapping(route = "spot-create-order", advice = SpotRoutesAdviceTest.CreateOrderAdvice.class),
            @AdviceRouteMapping(route = "spot-activate-kit", advice = SpotRoutesAdviceTest.OnceToMock.class),
            @AdviceRouteMapping(route = "spot-create-patient", advice = SpotRoutesAdviceTest.OnceToMock.class),
            @AdviceRouteMapping(route = "spot-create-registration-token",
                    advice = SpotRoutesAdviceTest.OnceToMock.class),
            @AdviceRouteMapping(route = "spot-create-requisition", advice = SpotRoutesAdviceTest.OnceToMock.class),
            @AdviceRouteMapping(route = "spot-get-requisition", advice = SpotRoutesAdviceTest.RetriedToMock.class),
            @AdviceRouteMapping(route = "spot-list-requisitions",
                    advice = SpotRoutesAdviceTest.RetriedToMock.class)})
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

    /** A call route's direct:spot-http (a call made once) becomes mock:spot-once. */
    public static class OnceToMock extends AdviceWithRouteBuilder {
        @Override
        public void configure() {
            weaveByToUri("direct:spot-http").replace().to("mock:spot-once");
        }
    }

    /** A call route's direct:spot-call (an idempotent call, retried) becomes mock:spot-retried. */
    public static class RetriedToMock extends AdviceWithRouteBuilder {
        @Override
        public void configure() {
            weaveByToUri("direct:spot-call").replace().to("mock:spot-retried");
        }
    }

    final RouteAdvice.Steps steps = new RouteAdvice.Steps();

    @BindToRegistry("spotObjectMapper")
    final Object objectMapper = SpotJson.mapper();
    @BindToRegistry("spotAnswers")
    final SpotAnswers answers = new SpotAnswers();
    @BindToRegistry("spotRequests")
    final SpotRequests requests = new SpotRequests();
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
    @EndpointInject("mock:spot-once")
    MockEndpoint once;
    @EndpointInject("mock:spot-retried")
    MockEndpoint retried;
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

    /** What a call route sent: method, URI, Content-Type, body, and that no header of the caller left with it. */
    private static void assertSent(Exchange sent, String method, String uri, String json) {
        assertThat(sent.getMessage().getHeader(Exchange.HTTP_METHOD, String.class)).isEqualTo(method);
        assertThat(sent.getMessage().getHeader(Exchange.HTTP_URI, String.class)).isEqualTo(uri);
        assertThat(sent.getMessage().getHeaders()).as("no header of the caller leaves").doesNotContainKey("Caller");
        if (json == null) {
            assertThat(sent.getMessage().getBody()).isNull();
        } else {
            assertThat(sent.getMessage().getHeader(Exchange.CONTENT_TYPE)).isEqualTo("application/json");
            assertThat(sent.getMessage().getBody(String.class)).isEqualTo(json);
        }
    }

    private static String json(Object value) throws Exception {
        return SpotJson.mapper().writeValueAsString(value);
    }

    @Test
    void spotCreatePatientPostsOnceAndAnswersThePatient() throws Exception {
        once.whenAnyExchangeReceived(e -> answer(e, 201, "{\"patient_id\":\"P-1\",\"first_name\":\"Ann\"}",
                Map.of()));
        once.expectedMessageCount(1);
        CreatePatient patient = new CreatePatient("Ann", "Lee", "ann@example.org", "F", LocalDate.of(1980, 1, 2),
                null);

        Patient created = producer().requestBodyAndHeader("direct:spot-create-patient", patient, "Caller", "x",
                Patient.class);

        MockEndpoint.assertIsSatisfied(camel, BOUND, TimeUnit.SECONDS);
        assertSent(once.getReceivedExchanges().get(0), "POST", "http://spot.invalid:8099/api/v2/patients/",
                json(patient));
        assertThat(created.patientId()).isEqualTo("P-1");
        assertThat(retried.getReceivedCounter()).isZero();
    }

    @Test
    void spotCreateRegistrationTokenPostsOnceAndAnswersTheToken() throws Exception {
        once.whenAnyExchangeReceived(e -> answer(e, 201, "{\"token\":\"t0k3n\"}", Map.of()));
        once.expectedMessageCount(1);
        RegistrationTokenRequest request = new RegistrationTokenRequest("P-1", "sti");

        RegistrationToken token = producer().requestBodyAndHeader("direct:spot-create-registration-token", request,
                "Caller", "x", RegistrationToken.class);

        MockEndpoint.assertIsSatisfied(camel, BOUND, TimeUnit.SECONDS);
        assertSent(once.getReceivedExchanges().get(0), "POST",
                "http://spot.invalid:8099/api/v2/tokens/patient_registration/", json(request));
        assertThat(token.token()).isEqualTo("t0k3n");
    }

    @Test
    void spotActivateKitPostsOnceToTheKitsPathWithItsIdEncodedAndAnswersTheActivation() throws Exception {
        once.whenAnyExchangeReceived(e -> answer(e, 200, "{\"data\":{\"result\":\"success\"}}", Map.of()));
        once.expectedMessageCount(2);
        ActivateKit activation = ActivateKit.forPatient("P-1", true);

        KitActivation done = producer().requestBodyAndHeader("direct:spot-activate-kit", activation, "SpotKitId",
                "SPOT123456", KitActivation.class);
        producer().requestBodyAndHeader("direct:spot-activate-kit", activation, "SpotKitId", "../x/1?a=b#c",
                KitActivation.class);

        MockEndpoint.assertIsSatisfied(camel, BOUND, TimeUnit.SECONDS);
        assertThat(done.succeeded()).isTrue();
        assertSent(once.getReceivedExchanges().get(0), "POST",
                "http://spot.invalid:8099/api/v3/kits/SPOT123456/activate/", json(activation));
        assertThat(once.getReceivedExchanges().get(1).getMessage().getHeader(Exchange.HTTP_URI))
                .as("an id never leaves its path segment")
                .isEqualTo("http://spot.invalid:8099/api/v3/kits/..%2Fx%2F1%3Fa%3Db%23c/activate/");
        assertThat(once.getReceivedExchanges().get(0).getMessage().getHeaders()).doesNotContainKey("SpotKitId");
    }

    @Test
    void spotCreateRequisitionPostsOnceAndAnswersTheRequisition() throws Exception {
        once.whenAnyExchangeReceived(e -> answer(e, 201, "{\"requisition_id\":\"R-1\",\"status\":\"approved\","
                + "\"barcode\":\"BC-1\"}", Map.of()));
        once.expectedMessageCount(1);
        CreateRequisition requisition = Requisitions.valid("BC-1", "CA");

        Requisition created = producer().requestBodyAndHeader("direct:spot-create-requisition", requisition,
                "Caller", "x", Requisition.class);

        MockEndpoint.assertIsSatisfied(camel, BOUND, TimeUnit.SECONDS);
        assertSent(once.getReceivedExchanges().get(0), "POST", "http://spot.invalid:8099/api/v2/requisitions/",
                json(requisition));
        assertThat(created.requisitionId()).isEqualTo("R-1");
        assertThat(steps.names()).as("no look-up after a create that succeeded").isEmpty();
    }

    @Test
    void spotCreateRequisitionHandsAFailedCreateToTheLookUpAndNeverResends() throws Exception {
        SpotApiException lost = new SpotApiException.Unavailable(0, null, List.of("timeout"), null, true, null);
        once.whenAnyExchangeReceived(e -> {
            throw lost;
        });
        once.expectedMessageCount(1);
        client.found = new Requisition("R-9", "approved", "BC-9", null, null, null, null, null, null, null, null,
                null, null, null, null);

        Requisition found = producer().requestBody("direct:spot-create-requisition",
                Requisitions.valid("BC-9", "CA"), Requisition.class);

        MockEndpoint.assertIsSatisfied(camel, BOUND, TimeUnit.SECONDS);
        assertThat(found.requisitionId()).isEqualTo("R-9");
        assertThat(client.caught).isSameAs(lost);
        assertThat(client.requisition.barcode()).isEqualTo("BC-9");
        assertThat(steps.names()).containsExactly("requisitionAfterFailedCreate");
    }

    @Test
    void spotGetRequisitionGetsRetriedWithItsIdEncodedAndAnswersTheRequisition() throws Exception {
        retried.whenAnyExchangeReceived(e -> answer(e, 200, "{\"requisition_id\":\"R/1\",\"barcode\":\"BC-1\"}",
                Map.of()));
        retried.expectedMessageCount(1);

        Requisition answer = producer().requestBodyAndHeader("direct:spot-get-requisition", "R/1", "Caller", "x",
                Requisition.class);

        MockEndpoint.assertIsSatisfied(camel, BOUND, TimeUnit.SECONDS);
        assertSent(retried.getReceivedExchanges().get(0), "GET",
                "http://spot.invalid:8099/api/v2/requisitions/R%2F1/", null);
        assertThat(answer.barcode()).isEqualTo("BC-1");
        assertThat(once.getReceivedCounter()).isZero();
    }

    @Test
    void spotListRequisitionsGetsEveryPageRetriedUntilAShortOne() throws Exception {
        retried.whenExchangeReceived(1, e -> answer(e, 200, "[{\"requisition_id\":\"R-1\"},"
                + "{\"requisition_id\":\"R-2\"}]", Map.of("X-Page-Header", "from Spot")));
        retried.whenExchangeReceived(2, e -> answer(e, 200, "[{\"requisition_id\":\"R-3\"}]", Map.of()));
        retried.expectedMessageCount(2);

        List<?> all = producer().requestBodyAndHeader("direct:spot-list-requisitions",
                new java.util.LinkedHashMap<>(Map.of("status", "resulted")), "Caller", "x", List.class);

        MockEndpoint.assertIsSatisfied(camel, BOUND, TimeUnit.SECONDS);
        assertThat(all).extracting(r -> ((Requisition) r).requisitionId()).containsExactly("R-1", "R-2", "R-3");
        String list = "http://spot.invalid:8099/api/v2/requisitions/?status=resulted&results=2&offset=";
        assertSent(retried.getReceivedExchanges().get(0), "GET", list + "0", null);
        assertSent(retried.getReceivedExchanges().get(1), "GET", list + "2", null);
        assertThat(retried.getReceivedExchanges().get(1).getMessage().getHeaders())
                .as("no header of the last page's answer leaves").doesNotContainKey("X-Page-Header");
    }

    @Test
    void spotListRequisitionsWithoutFiltersStopsAtAnEmptyPage() throws Exception {
        retried.whenAnyExchangeReceived(e -> answer(e, 200, "[]", Map.of()));
        retried.expectedMessageCount(1);

        List<?> all = producer().requestBody("direct:spot-list-requisitions", null, List.class);

        MockEndpoint.assertIsSatisfied(camel, BOUND, TimeUnit.SECONDS);
        assertThat(all).isEmpty();
        assertSent(retried.getReceivedExchanges().get(0), "GET",
                "http://spot.invalid:8099/api/v2/requisitions/?results=2&offset=0", null);
    }

    @Test
    void theSpotCallRoutesLeaveSpotsRefusalsToTheirCallerWithoutReadingAnAnswer() throws Exception {
        SpotApiException.NotFound notFound = new SpotApiException.NotFound("not_found", List.of("no such id"));
        retried.whenAnyExchangeReceived(e -> {
            throw notFound;
        });
        once.whenAnyExchangeReceived(e -> {
            throw notFound;
        });

        Exchange answer = producer().send("direct:spot-get-requisition", e -> e.getMessage().setBody("REQ-404"));
        Exchange kit = producer().send("direct:spot-activate-kit", e -> {
            e.getMessage().setHeader("SpotKitId", "SPOT000000");
            e.getMessage().setBody(ActivateKit.forPatient("P-1", true));
        });

        assertThat(answer.getException()).isSameAs(notFound);
        assertThat(kit.getException()).isSameAs(notFound);
        assertThat(retried.getReceivedCounter()).isEqualTo(1);
        assertThat(once.getReceivedCounter()).isEqualTo(1);
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

    /** spotClient: the look-up after a failed requisition create, answering {@code found} (or the failure). */
    public static class Client {
        private final RouteAdvice.Steps steps;
        volatile Requisition found;
        volatile Throwable caught;
        volatile CreateRequisition requisition;

        Client(RouteAdvice.Steps steps) {
            this.steps = steps;
        }

        public Requisition requisitionAfterFailedCreate(Exchange exchange) {
            steps.add("requisitionAfterFailedCreate");
            caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
            requisition = exchange.getProperty(SpotClient.REQUISITION, CreateRequisition.class);
            if (found == null) {
                throw SpotAnswers.asSpotFailure(caught);
            }
            return found;
        }
    }
}
