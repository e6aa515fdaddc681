package io.spotlink.http;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.resilience4j.ResilienceProcessor;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Spot's state on GET /status: its circuit breaker's when a route holds one, else that of the spot-* routes. */
class OperatorStatusApiTest {

    @Test
    void spotsStateIsItsCircuitBreakersWhenARouteHoldsOne() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:spot-http").routeId("spot-http").circuitBreaker().id("spot-breaker")
                            .to("log:spot").end();
                }
            });
            camel.start();
            assertThat(spot(camel)).containsEntry("source", "circuit-breaker").containsEntry("state", "CLOSED");

            ((ResilienceProcessor) camel.getRoute("spot-http").filter("spot-breaker").get(0))
                    .transitionToOpenState();

            Map<String, Object> open = spot(camel);
            assertThat(open).containsEntry("state", "OPEN");
            assertThat((List<?>) open.get("breakers")).hasSize(1);
        }
    }

    @Test
    void withoutABreakerSpotIsUpWhenEveryRouteThatCallsItIsStarted() throws Exception {
        try (CamelContext camel = new DefaultCamelContext()) {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:spot-create-patient").routeId("spot-create-patient").to("log:spot");
                    from("direct:order-intake-http").routeId("order-intake-http").to("log:intake");
                }
            });
            camel.start();
            assertThat(spot(camel)).containsEntry("source", "routes").containsEntry("state", "UP");

            camel.getRouteController().stopRoute("spot-create-patient");

            Map<String, Object> down = spot(camel);
            assertThat(down).containsEntry("state", "DOWN");
            assertThat(OperatorStatusApi.routes(camel)).contains(
                    Map.of("id", "spot-create-patient", "status", "stopped"),
                    Map.of("id", "order-intake-http", "status", "started"));
        }
    }

    private static Map<String, Object> spot(CamelContext camel) {
        return OperatorStatusApi.spotState(camel, OperatorStatusApi.routes(camel));
    }
}
