package io.spotlink.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.spotlink.sim.SpotSimulator;
import io.spotlink.spot.SpotJson;
import io.spotlink.support.Orders;
import io.spotlink.support.RunningBundle;
import io.spotlink.support.Simulators;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /api-doc: an OpenAPI 3 document that describes every HTTP endpoint of the bundle. */
class ApiDocTest {

    /** Every endpoint the README documents, with its verb and the status codes it answers. */
    private static final Map<String, Map<PathItem.HttpMethod, String[]>> ENDPOINTS = Map.of(
            "/orders", Map.of(PathItem.HttpMethod.POST,
                    new String[] {"201", "200", "400", "409", "413", "415", "500", "502", "503"},
                    PathItem.HttpMethod.GET, new String[] {"200", "400", "401", "403"}),
            "/status", Map.of(PathItem.HttpMethod.GET, new String[] {"200", "401", "403"}),
            "/orders/{id}", Map.of(PathItem.HttpMethod.GET, new String[] {"200", "404", "409"}),
            "/deliveries", Map.of(PathItem.HttpMethod.GET, new String[] {"200", "400"}),
            "/deliveries/{id}/replay", Map.of(PathItem.HttpMethod.POST, new String[] {"202", "400", "404", "409"}),
            "/spot/callbacks", Map.of(PathItem.HttpMethod.POST, new String[] {"202", "400", "401", "413", "429"}),
            "/orders/{source_system}/{source_order_id}", Map.of(
                    PathItem.HttpMethod.DELETE, new String[] {"200", "202", "404", "409"},
                    PathItem.HttpMethod.PATCH, new String[] {"200", "400", "404", "409", "503"}));

    @TempDir
    Path dir;

    /**
     * GET answers go through the REST binding with the shared ObjectMapper: a field without a value is left out
     * (its NON_NULL inclusion), as before the REST DSL; clients that do not ask for JSON still get it.
     */
    @Test
    void getAnswersUseTheSharedObjectMapper() throws Exception {
        try (SpotSimulator sim = Simulators.start();
             RunningBundle bundle = RunningBundle.start(dir, sim.baseUrl(), Simulators.API_KEY,
                     Map.of("spotlink.results.poll-enabled", "false", "spotlink.intake.jms.enabled", "false"))) {
            var created = bundle.post("/orders", SpotJson.mapper().writeValueAsString(Orders.valid("DOC-1")));
            assertThat(created.statusCode()).isEqualTo(201);

            var lookup = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(bundle.baseUrl() + "/orders/DOC-1")).header("Accept", "text/html").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(lookup.statusCode()).isEqualTo(200);
            assertThat(lookup.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/json"));
            JsonNode body = SpotJson.mapper().readTree(lookup.body());
            assertThat(body.path("status").asText()).isEqualTo("submitted");
            assertThat(body.has("last_error")).as("null left out").isFalse();
        }
    }

    @Test
    void describesEveryEndpointAsOpenApi3() throws Exception {
        try (RunningBundle bundle = RunningBundle.start(dir, "http://127.0.0.1:1", "k",
                Map.of("spotlink.results.poll-enabled", "false", "spotlink.intake.jms.enabled", "false"))) {
            var response = bundle.get("/api-doc");
            assertThat(response.statusCode()).isEqualTo(200);

            SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(response.body());
            assertThat(parsed.getMessages()).as("parse problems").isEmpty();
            OpenAPI api = parsed.getOpenAPI();
            assertThat(api).isNotNull();
            assertThat(api.getOpenapi()).startsWith("3.");
            assertThat(api.getInfo().getTitle()).isEqualTo("Spotlink");
            assertThat(api.getPaths()).containsOnlyKeys(ENDPOINTS.keySet());

            ENDPOINTS.forEach((path, verbs) -> verbs.forEach((verb, codes) -> {
                var operation = api.getPaths().get(path).readOperationsMap().get(verb);
                assertThat(operation).as(verb + " " + path).isNotNull();
                // Camel writes a verb's description as the operation's summary
                assertThat(operation.getSummary()).as(verb + " " + path + " summary").isNotBlank();
                assertThat(operation.getResponses()).as(verb + " " + path + " responses").containsKeys(codes);
            }));
            assertThat(api.getPaths().get("/orders").getPost().getRequestBody().getContent())
                    .as("POST /orders body").containsKey("application/json");
            assertThat(api.getPaths().get("/orders/{id}").getGet().getParameters())
                    .extracting(p -> p.getName() + ":" + p.getIn()).contains("id:path", "source_system:query");
        }
    }
}
