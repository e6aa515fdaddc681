package io.spotlink.routes;

import io.spotlink.support.YamlRoutes;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Validates every file of routes/ (the YAML DSL validator plugin is not available here): each parses, holds one
 * route whose explicit id is its file name, or one routeTemplate or routeConfiguration of that id.
 */
class YamlRoutesValidationTest {

    private static List<Path> routeFiles() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @Test
    void everyRouteFileLoadsAndIsNamedAfterItsRouteId() throws Exception {
        List<Path> files = routeFiles();
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            try (DefaultCamelContext context = new DefaultCamelContext()) {
                YamlRoutes.load(context, file.getFileName().toString());
                ModelCamelContext model = context.getCamelContextExtension().getContextPlugin(ModelCamelContext.class);
                List<RouteDefinition> routes = model.getRouteDefinitions();
                String name = file.getFileName().toString().replace(".yaml", "");
                if (!model.getRestDefinitions().isEmpty()) {
                    assertRestVerbsLeadToRouteFiles(model, files);
                } else if (routes.isEmpty() && !model.getRouteTemplateDefinitions().isEmpty()) {
                    assertThat(model.getRouteTemplateDefinitions()).as(file + " holds one routeTemplate")
                            .extracting(t -> t.getId()).containsExactly(name);
                } else if (routes.isEmpty()) {
                    assertThat(model.getRouteConfigurationDefinitions()).as(file + " holds a routeConfiguration")
                            .extracting(c -> c.getId()).containsExactly(name);
                } else {
                    assertThat(routes).as(file + " holds one route").hasSize(1);
                    assertThat(routes.get(0).getRouteId()).as(file + " route id").isEqualTo(name);
                    assertThat(name).as("ids are kebab-case <flow>-<stage>").matches("[a-z]+(-[a-z]+)+");
                }
            }
        }
    }

    /** The REST DSL file: every verb goes to direct:<id> of a route file routes/<id>.yaml, and has a route id. */
    private static void assertRestVerbsLeadToRouteFiles(ModelCamelContext model, List<Path> files) {
        List<String> names = files.stream().map(f -> f.getFileName().toString().replace(".yaml", "")).toList();
        for (var rest : model.getRestDefinitions()) {
            assertThat(rest.getVerbs()).as("REST verbs").isNotEmpty();
            for (var verb : rest.getVerbs()) {
                assertThat(verb.getRouteId()).as(verb.getPath() + " route id").matches("[a-z]+(-[a-z]+)+");
                String to = verb.getTo().getUri();
                assertThat(to).as(verb.getPath() + " goes to a direct route").startsWith("direct:");
                assertThat(names).as(verb.getPath() + " has its route file").contains(to.substring("direct:".length()));
            }
        }
    }
}
