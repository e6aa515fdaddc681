package io.spotlink.routes;

import org.apache.camel.builder.AdviceWithRouteBuilder;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the *AdviceTest classes share: the Camel Main settings of a small test context (the shipped
 * config/application.properties, no HTTP server, management, metrics or supervising route controller, so a route
 * that cannot start fails the test), and a log of the steps stub beans were called in.
 */
final class RouteAdvice {

    /** The shipped configuration, as the bundle reads it. */
    static final String CONFIG = "file:config/application.properties";
    static final String CONFIG_DIR = "spotlink.config-dir=config";
    static final String NO_SERVER = "camel.server.enabled=false";
    static final String NO_MANAGEMENT = "camel.management.enabled=false";
    static final String NO_METRICS = "camel.metrics.enabled=false";
    static final String PLAIN_ROUTE_CONTROLLER = "camel.routecontroller.enabled=false";
    /** Prefix of the one setting that names the route files a test loads. */
    static final String ROUTES = "camel.main.routes-include-pattern=";

    /** The shipped from: URI of each route a FromDirect advice replaced, by route id (placeholders unresolved). */
    static final Map<String, String> ORIGINAL_FROM = new ConcurrentHashMap<>();

    private RouteAdvice() {
    }

    /**
     * A route whose consumer needs the outside world (a timer, a broker, a listener) is started from
     * direct:<route id> instead, and its answer also goes to mock:<route id>. Its shipped from: URI is kept in
     * ORIGINAL_FROM, so a test can still check the consumer's settings.
     */
    public static class FromDirect extends AdviceWithRouteBuilder {
        @Override
        public void configure() throws Exception {
            String routeId = getOriginalRoute().getRouteId();
            ORIGINAL_FROM.put(routeId, getOriginalRoute().getInput().getEndpointUri());
            replaceFromWith("direct:" + routeId);
            weaveAddLast().to("mock:" + routeId);
        }
    }

    /** A route's answer also goes to mock:<route id>, to assert what the route hands back. */
    public static class AnswerToMock extends AdviceWithRouteBuilder {
        @Override
        public void configure() {
            weaveAddLast().to("mock:" + getOriginalRoute().getRouteId());
        }
    }

    /** The names of the bean steps (and mocks) an exchange went through, in order. */
    static final class Steps {
        private final List<String> names = new CopyOnWriteArrayList<>();

        void add(String name) {
            names.add(name);
        }

        List<String> names() {
            return List.copyOf(names);
        }
    }
}
