package io.spotlink.routes;

import com.fasterxml.jackson.databind.JsonNode;
import io.spotlink.spot.SpotJson;
import io.spotlink.support.FreePort;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWithRouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.AdviceRouteMapping;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.apache.camel.test.main.junit5.Configure;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.spotlink.routes.RouteAdvice.NO_MANAGEMENT;
import static io.spotlink.routes.RouteAdvice.NO_METRICS;
import static io.spotlink.routes.RouteAdvice.PLAIN_ROUTE_CONTROLLER;
import static io.spotlink.routes.RouteAdvice.ROUTES;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * routes/rest-api.yaml as shipped, on Camel Main's HTTP server (127.0.0.1, a free port), with each verb's route
 * advised so the route it hands the request to (direct:<route id>, tested in HttpRoutesAdviceTest) is a mock: every
 * verb reaches its route with its path and query parameters, POST bodies arrive as sent (binding off, so the strict
 * readers see the bytes), GET answers are turned into JSON by the REST binding, and /api-doc describes every path.
 */
@CamelMainTest(
        properties = {NO_MANAGEMENT, NO_METRICS, PLAIN_ROUTE_CONTROLLER, ROUTES + "file:routes/rest-api.yaml"},
        advices = {
            @AdviceRouteMapping(route = "rest-post-orders", advice = RestApiAdviceTest.VerbToMock.class),
            @AdviceRouteMapping(route = "rest-post-delivery-replay", advice = RestApiAdviceTest.VerbToMock.class),
            @AdviceRouteMapping(route = "rest-post-spot-callbacks", advice = RestApiAdviceTest.VerbToMock.class),
            @AdviceRouteMapping(route = "rest-get-order", advice = RestApiAdviceTest.VerbToMock.class),
            @AdviceRouteMapping(route = "rest-get-orders", advice = RestApiAdviceTest.VerbToMock.class),
            @AdviceRouteMapping(route = "rest-get-status", advice = RestApiAdviceTest.VerbToMock.class),
            @AdviceRouteMapping(route = "rest-get-deliveries", advice = RestApiAdviceTest.VerbToMock.class),
            @AdviceRouteMapping(route = "rest-delete-order", advice = RestApiAdviceTest.VerbToMock.class),
            @AdviceRouteMapping(route = "rest-patch-order", advice = RestApiAdviceTest.VerbToMock.class)})
class RestApiAdviceTest {

    /** The REST file, and the route of each of its verbs. */
    static final Set<String> COVERS = Set.of("rest-api", "rest-post-orders", "rest-post-delivery-replay",
            "rest-post-spot-callbacks", "rest-get-order", "rest-get-orders", "rest-get-status", "rest-get-deliveries",
            "rest-delete-order", "rest-patch-order");

    private static final long BOUND = 5;
    private static final int PORT = FreePort.find();

    /** The verb's call to direct:<route> becomes mock:<route>. */
    public static class VerbToMock extends AdviceWithRouteBuilder {
        @Override
        public void configure() throws Exception {
            weaveByToUri("direct:*").replace().to("mock:" + getOriginalRoute().getRouteId() + "-target");
        }
    }

    @BindToRegistry("spotObjectMapper")
    final Object objectMapper = SpotJson.mapper();

    @BeanInject
    CamelContext camel;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(BOUND)).build();

    @Configure
    protected void configure(MainConfigurationProperties configuration) {
        configuration.httpServer().withEnabled(true).withHost("127.0.0.1").withPort(PORT);
    }

    private MockEndpoint target(String restRouteId) {
        return camel.getEndpoint("mock:" + restRouteId + "-target", MockEndpoint.class);
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + path))
                .timeout(Duration.ofSeconds(BOUND));
        request = body == null ? request.method(method, HttpRequest.BodyPublishers.noBody())
                : request.header("Content-Type", "application/json").method(method,
                        HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyVerbReachesItsRouteWithItsParameters() throws Exception {
        List<String[]> calls = List.of(
                new String[] {"POST", "/orders", "{}", "rest-post-orders"},
                new String[] {"POST", "/deliveries/17/replay", null, "rest-post-delivery-replay"},
                new String[] {"POST", "/spot/callbacks", "{\"order_ids\":[]}", "rest-post-spot-callbacks"},
                new String[] {"GET", "/orders/O1234567?source_system=EPIC", null, "rest-get-order"},
                new String[] {"GET", "/orders?status=failed&limit=5", null, "rest-get-orders"},
                new String[] {"GET", "/status", null, "rest-get-status"},
                new String[] {"GET", "/deliveries?status=failed", null, "rest-get-deliveries"},
                new String[] {"DELETE", "/orders/EPIC/ORD-1", null, "rest-delete-order"},
                new String[] {"PATCH", "/orders/EPIC/ORD-2", "{\"metadata\":{}}", "rest-patch-order"});
        for (String[] call : calls) {
            target(call[3]).expectedMessageCount(1);
            // a POST, DELETE or PATCH route answers its JSON itself (marshal step), a GET route an object for the binding
            Object answer = !call[0].equals("GET") ? "{\"route\":\"" + call[3] + "\"}" : Map.of("route", call[3]);
            target(call[3]).whenAnyExchangeReceived(e -> e.getMessage().setBody(answer));
        }
        target("rest-post-delivery-replay").expectedHeaderReceived("id", "17");
        target("rest-get-order").expectedHeaderReceived("id", "O1234567");
        target("rest-get-order").expectedHeaderReceived("source_system", "EPIC");
        target("rest-get-orders").expectedHeaderReceived("status", "failed");
        target("rest-get-orders").expectedHeaderReceived("limit", "5");
        target("rest-delete-order").expectedHeaderReceived("source_system", "EPIC");
        target("rest-delete-order").expectedHeaderReceived("source_order_id", "ORD-1");
        target("rest-patch-order").expectedHeaderReceived("source_order_id", "ORD-2");

        for (String[] call : calls) {
            HttpResponse<String> answer = send(call[0], call[1], call[2]);
            assertThat(answer.statusCode()).as(call[0] + " " + call[1]).isEqualTo(200);
            assertThat(SpotJson.mapper().readTree(answer.body()).path("route").asText()).isEqualTo(call[3]);
        }

        MockEndpoint.assertIsSatisfied(camel, BOUND, TimeUnit.SECONDS);
    }

    @Test
    void postBodiesArriveAsSentAndGetAnswersBecomeJson() throws Exception {
        String order = "{\"source_order_id\":\"AD-50\",  \"source_order_id\":\"dup\"}";
        target("rest-post-orders").whenAnyExchangeReceived(e -> {
            e.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 201);
            e.getMessage().setBody("{\"outcome\":\"created\"}");
        });
        target("rest-get-status").whenAnyExchangeReceived(e -> e.getMessage().setBody(Map.of("spot", "closed")));

        HttpResponse<String> created = send("POST", "/orders", order);
        HttpResponse<String> status = send("GET", "/status", null);

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(target("rest-post-orders").getReceivedExchanges().get(0).getMessage().getBody(String.class))
                .as("not parsed or re-encoded on the way: the duplicate key is still there").isEqualTo(order);
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("application/json"));
        assertThat(SpotJson.mapper().readTree(status.body()).path("spot").asText()).isEqualTo("closed");
    }

    @Test
    void apiDocDescribesEveryPath() throws Exception {
        HttpResponse<String> doc = send("GET", "/api-doc", null);

        assertThat(doc.statusCode()).isEqualTo(200);
        JsonNode paths = SpotJson.mapper().readTree(doc.body()).path("paths");
        assertThat(paths.fieldNames()).toIterable().contains("/orders", "/orders/{id}", "/status", "/deliveries",
                "/deliveries/{id}/replay", "/spot/callbacks");
    }
}
