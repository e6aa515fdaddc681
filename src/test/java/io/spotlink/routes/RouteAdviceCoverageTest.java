package io.spotlink.routes;

import io.spotlink.support.YamlRoutes;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guard of issue 10 point 7: every id in routes/*.yaml (route, routeTemplate, routeConfiguration, and the REST
 * file with its verbs' routes) is declared by an *AdviceTest class of this package in its static COVERS set, that
 * class loads the file (its routes-include-pattern matches it) and advises routes (@CamelMainTest advices). A new
 * route file without its advice test fails here, and so does a COVERS id no file holds any more.
 */
class RouteAdviceCoverageTest {

    /** Every id of routes/, with the file that holds it. */
    private static Map<String, String> shippedIds() throws Exception {
        Map<String, String> ids = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> all = Files.list(Path.of("routes"))) {
            files = all.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).as("route files").hasSizeGreaterThanOrEqualTo(38);
        for (Path file : files) {
            String name = file.getFileName().toString();
            try (DefaultCamelContext context = new DefaultCamelContext()) {
                YamlRoutes.load(context, name);
                ModelCamelContext model = context.getCamelContextExtension().getContextPlugin(ModelCamelContext.class);
                // the REST file's /api-doc route (an id Camel made up) is covered under the file's name
                model.getRouteDefinitions().stream().filter(r -> !r.getInput().getEndpointUri().startsWith("rest-api:"))
                        .forEach(r -> ids.put(r.getRouteId(), name));
                model.getRouteTemplateDefinitions().forEach(t -> ids.put(t.getId(), name));
                model.getRouteConfigurationDefinitions().forEach(c -> ids.put(c.getId(), name));
                if (!model.getRestDefinitions().isEmpty()) {
                    ids.put(name.replace(".yaml", ""), name);
                }
            }
        }
        return ids;
    }

    /** The *AdviceTest classes of this package, found on the test classpath. */
    private static List<Class<?>> adviceTests() throws IOException, URISyntaxException, ClassNotFoundException {
        Path folder = Path.of(RouteAdviceCoverageTest.class.getResource(".").toURI());
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> all = Files.list(folder)) {
            for (Path file : all.map(Path::getFileName).sorted().toList()) {
                String name = file.toString();
                if (name.endsWith("AdviceTest.class")) {
                    classes.add(Class.forName(RouteAdviceCoverageTest.class.getPackageName() + "."
                            + name.replace(".class", "")));
                }
            }
        }
        return classes;
    }

    @SuppressWarnings("unchecked")
    private static Set<String> covers(Class<?> test) throws ReflectiveOperationException {
        var field = test.getDeclaredField("COVERS");
        field.setAccessible(true);
        return (Set<String>) field.get(null);
    }

    /** The route files the class's @CamelMainTest loads, as glob patterns of file:routes/... entries. */
    private static List<String> loadedPatterns(CamelMainTest main) {
        return Arrays.stream(main.properties()).filter(p -> p.startsWith(RouteAdvice.ROUTES))
                .flatMap(p -> Arrays.stream(p.substring(RouteAdvice.ROUTES.length()).split(",")))
                .map(String::strip).filter(p -> p.startsWith("file:routes/"))
                .map(p -> p.substring("file:routes/".length())).toList();
    }

    private static boolean matches(String glob, String file) {
        return file.matches(glob.replace(".", "\\.").replace("*", "[^/]*"));
    }

    @Test
    void everyRouteIdOfRoutesHasAnAdviceTestThatLoadsItsFile() throws Exception {
        Map<String, String> shipped = shippedIds();
        Map<String, String> coveredBy = new TreeMap<>();
        List<Class<?>> tests = adviceTests();
        assertThat(tests).as("advice test classes").hasSizeGreaterThanOrEqualTo(5);
        List<String> problems = new ArrayList<>();
        for (Class<?> test : tests) {
            CamelMainTest main = test.getAnnotation(CamelMainTest.class);
            if (main == null || main.advices().length == 0) {
                problems.add(test.getSimpleName() + " is not a @CamelMainTest with advices");
                continue;
            }
            List<String> loaded = loadedPatterns(main);
            for (String id : covers(test)) {
                coveredBy.put(id, test.getSimpleName());
                String file = shipped.get(id);
                if (file == null) {
                    problems.add(test.getSimpleName() + " covers " + id + ", which no file of routes/ holds");
                } else if (loaded.stream().noneMatch(glob -> matches(glob, file))) {
                    problems.add(test.getSimpleName() + " covers " + id + " but does not load routes/" + file);
                }
            }
        }
        Set<String> missing = new TreeSet<>(shipped.keySet());
        missing.removeAll(coveredBy.keySet());
        missing.forEach(id -> problems.add(id + " (routes/" + shipped.get(id) + ") has no advice test: add it to the "
                + "COVERS of an *AdviceTest class in io.spotlink.routes"));
        assertThat(problems).as("route ids without an advice test").isEmpty();
    }
}
