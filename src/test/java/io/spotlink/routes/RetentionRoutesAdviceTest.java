package io.spotlink.routes;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.EndpointInject;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWithRouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.main.junit5.AdviceRouteMapping;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
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
 * retention-prune as shipped, its leader timer replaced by a direct: endpoint the test triggers: each tick is one
 * pass, one step per store in turn, its counts logged. A stub stands for the pruner bean. What each store prunes is
 * tested in io.spotlink.retention (H2, PostgreSQL, files, broker).
 */
@CamelMainTest(
        propertyPlaceholderLocations = CONFIG,
        properties = {CONFIG_DIR, NO_SERVER, NO_MANAGEMENT, NO_METRICS, PLAIN_ROUTE_CONTROLLER,
            ROUTES + "file:routes/retention-prune.yaml"},
        advices = @AdviceRouteMapping(route = "retention-prune", advice = RetentionRoutesAdviceTest.TickAdvice.class))
class RetentionRoutesAdviceTest {

    /** The route files this class tests. */
    static final Set<String> COVERS = Set.of("retention-prune");

    /** The leader's timer becomes direct:retention-prune-tick; a mock at the end sees each pass. */
    public static class TickAdvice extends AdviceWithRouteBuilder {
        @Override
        public void configure() {
            assertThat(getOriginalRoute().getInput().getEndpointUri()).as("leader only")
                    .startsWith("master:spotlink-retention:timer:");
            replaceFromWith("direct:retention-prune-tick");
            weaveAddLast().to("mock:retention-prune");
        }
    }

    final RouteAdvice.Steps steps = new RouteAdvice.Steps();

    /** The pruner: records each step; the pass is a list of the stores pruned so far. */
    public static class Pruner {
        private final RouteAdvice.Steps steps;

        Pruner(RouteAdvice.Steps steps) {
            this.steps = steps;
        }

        public List<String> startPass() {
            steps.add("startPass");
            return new ArrayList<>();
        }

        public List<String> prune(String store, List<String> pass) {
            steps.add(store);
            pass.add(store);
            return pass;
        }

        public Ended endPass(List<String> pass) {
            steps.add("endPass");
            return new Ended(!pass.isEmpty(), String.join(", ", pass));
        }
    }

    /** What the log step reads of a pass. */
    public record Ended(boolean anyPruned, String counts) {
    }

    @BindToRegistry("retentionPruner")
    final Pruner pruner = new Pruner(steps);

    @EndpointInject("mock:retention-prune")
    MockEndpoint passes;
    @org.apache.camel.BeanInject
    CamelContext camel;

    @Test
    void eachTickIsOnePassThatPrunesEveryStoreInTurn() throws Exception {
        passes.expectedMessageCount(2);
        ProducerTemplate producer = camel.createProducerTemplate();
        producer.sendBody("direct:retention-prune-tick", null);
        producer.sendBody("direct:retention-prune-tick", null);
        MockEndpoint.assertIsSatisfied(camel, 5, TimeUnit.SECONDS);
        List<String> onePass = List.of("startPass", "orders", "deliveries", "intake-files", "rejected", "outbox",
                "dead-letters", "endPass");
        List<String> twoPasses = new ArrayList<>(onePass);
        twoPasses.addAll(onePass);
        assertThat(steps.names()).containsExactlyElementsOf(twoPasses);
        assertThat(passes.getReceivedExchanges().get(0).getMessage().getBody(Ended.class).counts()).as("the pass")
                .isEqualTo("orders, deliveries, intake-files, rejected, outbox, dead-letters");
    }
}
