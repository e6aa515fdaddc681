package io.spotlink.support;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.spotlink.sim.ExchangeObserver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Spot's contract for the tests: the seed OpenAPI (spot-openapi.yaml, verbatim) with the other known endpoints merged
 * in (spot-openapi-known-endpoints.yaml, our reading of spot-api.md). {@link #check} validates one request the
 * simulator received (what the client sent) and the simulator's answer against it.
 */
public final class SpotContract {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final OpenApiInteractionValidator VALIDATOR = OpenApiInteractionValidator
            .createForInlineApiSpecification(document())
            // Paths Spot's documents do not name (the simulator's report PDFs) are not part of the contract.
            .withLevelResolver(LevelResolver.create()
                    .withLevel("validation.request.path.missing", ValidationReport.Level.IGNORE)
                    // OpenAPI allows fields a schema does not name unless it says otherwise (Spot adds some, such as
                    // an order's "updated"); the validator would refuse them by default. Requests stay strict.
                    .withLevel("validation.response.body.schema.additionalProperties", ValidationReport.Level.IGNORE)
                    .build())
            .build();

    private SpotContract() {
    }

    /**
     * Violations of one exchange, each as "METHOD path: request|response: message". A request the simulator refused
     * (4xx) is a test sending a bad request on purpose: only the refusal is checked then.
     */
    public static List<String> check(ExchangeObserver.Exchange e) {
        List<String> problems = new ArrayList<>();
        Request request = request(e);
        ValidationReport requestReport = VALIDATOR.validateRequest(request);
        boolean refused = e.status() >= 400 && e.status() < 500;
        if (!refused) {
            add(problems, e, "request", requestReport);
        }
        if (e.status() > 0 && !requestReport.getMessages().stream()
                .anyMatch(m -> m.getKey().equals("validation.request.path.missing"))) {
            SimpleResponse.Builder response = SimpleResponse.Builder.status(e.status());
            if (e.responseContentType() != null) {
                response.withContentType(e.responseContentType());
            }
            if (e.responseBody().length > 0) {
                response.withBody(new String(e.responseBody(), StandardCharsets.UTF_8));
            }
            add(problems, e, "response", VALIDATOR.validateResponse(e.path(), request.getMethod(), response.build()));
        }
        return problems;
    }

    private static Request request(ExchangeObserver.Exchange e) {
        SimpleRequest.Builder builder = new SimpleRequest.Builder(e.method(), e.path());
        e.requestHeaders().forEach((k, v) -> builder.withHeader(k, v));
        if (e.requestBody().length > 0) {
            builder.withBody(new String(e.requestBody(), StandardCharsets.UTF_8));
        }
        if (e.rawQuery() != null && !e.rawQuery().isEmpty()) {
            for (String pair : e.rawQuery().split("&")) {
                int eq = pair.indexOf('=');
                builder.withQueryParam(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return builder.build();
    }

    private static void add(List<String> problems, ExchangeObserver.Exchange e, String side, ValidationReport report) {
        for (ValidationReport.Message m : report.getMessages()) {
            if (m.getLevel() == ValidationReport.Level.ERROR) {
                problems.add(e.method() + " " + e.path() + " -> " + e.status() + ": " + side + ": " + m.getKey()
                        + " " + m.getMessage() + (m.getNestedMessages().isEmpty() ? ""
                        : " " + m.getNestedMessages().stream().map(ValidationReport.Message::getMessage).toList()));
            }
        }
    }

    /** The seed with the known endpoints merged in, as one YAML text. */
    static String document() {
        try {
            ObjectNode seed = (ObjectNode) read("/spot-openapi.yaml");
            merge(seed, read("/spot-openapi-known-endpoints.yaml"));
            return YAML.writeValueAsString(seed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(String resource) throws IOException {
        try (InputStream in = SpotContract.class.getResourceAsStream(resource)) {
            return YAML.readTree(in);
        }
    }

    /** Adds what {@code extra} has and {@code target} lacks, object by object; never replaces the seed's values. */
    private static void merge(ObjectNode target, JsonNode extra) {
        for (Iterator<Map.Entry<String, JsonNode>> it = extra.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode mine = target.get(field.getKey());
            if (mine == null) {
                target.set(field.getKey(), field.getValue());
            } else if (mine.isObject() && field.getValue().isObject()) {
                merge((ObjectNode) mine, field.getValue());
            }
        }
    }
}
