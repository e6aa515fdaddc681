package io.spotlink.http;

import io.spotlink.support.RunningBundle;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /api-doc: an OpenAPI 3 document that describes every HTTP endpoint of the bundle. */
class ApiDocTest {

    /** Every endpoint the README documents, with its verb and the status codes it answers. */
    private static final Map<String, Map<PathItem.HttpMethod, String[]>> ENDPOINTS = Map.of(
            "/orders", Map.of(PathItem.HttpMethod.POST,
                    new String[] {"201", "200", "400", "409", "413", "415", "500", "502", "503"}),
            "/orders/{id}", Map.of(PathItem.HttpMethod.GET, new String[] {"200", "404", "409"}),
            "/deliveries", Map.of(PathItem.HttpMethod.GET, new String[] {"200", "400"}),
            "/deliveries/{id}/replay", Map.of(PathItem.HttpMethod.POST, new String[] {"202", "400", "404", "409"}),
            "/spot/callbacks", Map.of(PathItem.HttpMethod.POST, new String[] {"202", "400", "401", "413", "429"}));

    @TempDir
    Path dir;

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
            assertThat(api.getPaths().get("/orders").getPost().getRequestBody()).as("POST /orders body").isNotNull();
            assertThat(api.getPaths().get("/orders/{id}").getGet().getParameters())
                    .extracting(p -> p.getName() + ":" + p.getIn()).contains("id:path", "source_system:query");
        }
    }
}
