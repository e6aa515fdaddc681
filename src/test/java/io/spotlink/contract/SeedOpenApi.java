package io.spotlink.contract;

import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.MessageResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.schema.SchemaValidator;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Spot's seed OpenAPI (src/test/resources/spot-openapi.yaml), parsed once, with a validator for its schemas. */
final class SeedOpenApi {

    static final String RESOURCE = "spot-openapi.yaml";
    private static final SeedOpenApi INSTANCE = new SeedOpenApi();

    private final OpenAPI api;
    private final SchemaValidator validator;

    private SeedOpenApi() {
        try (InputStream in = SeedOpenApi.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing " + RESOURCE);
            }
            ParseOptions options = new ParseOptions();
            options.setResolve(true);
            var result = new OpenAPIV3Parser().readContents(new String(in.readAllBytes(), StandardCharsets.UTF_8),
                    null, options);
            if (result.getOpenAPI() == null) {
                throw new IllegalStateException("seed OpenAPI does not parse: " + result.getMessages());
            }
            this.api = result.getOpenAPI();
            // OpenAPI 3.0 allows properties a schema does not name; this validator forbids them unless told not to
            this.validator = new SchemaValidator(api, new MessageResolver(LevelResolver.create()
                    .withLevel(SchemaValidator.ADDITIONAL_PROPERTIES_KEY, ValidationReport.Level.IGNORE).build()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SeedOpenApi get() {
        return INSTANCE;
    }

    @SuppressWarnings("rawtypes")
    Schema schema(String name) {
        Schema s = api.getComponents().getSchemas().get(name);
        if (s == null) {
            throw new IllegalArgumentException("no schema " + name + " in the seed");
        }
        return s;
    }

    /** Follows a {@code #/components/schemas/X} reference; any other schema is returned as it is. */
    @SuppressWarnings("rawtypes")
    Schema resolve(Schema s) {
        while (s != null && s.get$ref() != null) {
            String ref = s.get$ref();
            s = schema(ref.substring(ref.lastIndexOf('/') + 1));
        }
        return s;
    }

    /** The validator's messages for a JSON body against a named schema (keys like validation.response.body.schema.type). */
    List<ValidationReport.Message> validate(String json, String schemaName) {
        return validator.validate(json, schema(schemaName), "response.body").getMessages();
    }
}
