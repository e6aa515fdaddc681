package io.spotlink.routes;

import com.fasterxml.jackson.databind.JsonNode;
import io.spotlink.following.ResultPoller;
import io.spotlink.ops.Alert;
import io.spotlink.spot.SpotJson;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.EndpointInject;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWithRouteBuilder;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.model.ToDynamicDefinition;
import org.apache.camel.test.main.junit5.AdviceRouteMapping;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 * The leader's cycles and the fetch queue as shipped: result-poll, oru-dispatch and alerts-webhook (their leader
 * timers replaced by direct:, the shipped master: URIs checked), and result-fetch on its real seda queue. Stub beans
 * stand for the poller, the dispatcher and the alert watcher; the webhook is a mock. Checked: a poll cycle runs its
 * steps in order (changed orders, then the window, then the sweep, each order retrieved on the retrieve pool), each
 * cycle calls its bean, alerts leave one by one as JSON with nothing of the exchange but the alert, a webhook failure
 * does not stop the other alerts, a fetch skips an order that is not ours, and a failed fetch leaves the queue
 * consuming. What the poller's steps do is tested in io.spotlink.following (ResultPollAtScaleTest).
 */
@CamelMainTest(
        propertyPlaceholderLocations = CONFIG,
        properties = {CONFIG_DIR, NO_SERVER, NO_MANAGEMENT, NO_METRICS, PLAIN_ROUTE_CONTROLLER,
            ROUTES + "file:routes/result-poll.yaml,file:routes/result-fetch.yaml,file:routes/oru-dispatch.yaml,"
                    + "file:routes/alerts-webhook.yaml",
            // the seda consumer stops within one poll timeout: a short one keeps each test's shutdown short
            "camel.component.seda.default-poll-timeout=50", "spotlink.results.poll-enabled=true", "spotlink.alerts.enabled=true",
            "spotlink.alerts.webhook-url=https://oncall.hospital.test/hooks/spotlink"},
        advices = {
            @AdviceRouteMapping(route = "result-poll", advice = RouteAdvice.FromDirect.class),
            @AdviceRouteMapping(route = "oru-dispatch", advice = RouteAdvice.FromDirect.class),
            @AdviceRouteMapping(route = "result-fetch", advice = RouteAdvice.AnswerToMock.class),
            @AdviceRouteMapping(route = "alerts-webhook", advice = OpsRoutesAdviceTest.WebhookMock.class)})
class OpsRoutesAdviceTest {

    static final Set<String> COVERS = Set.of("result-poll", "result-fetch", "oru-dispatch", "alerts-webhook");

    private static final long BOUND = 5;

    /** alerts-webhook from direct:, its POST to the webhook a mock. */
    public static class WebhookMock extends AdviceWithRouteBuilder {
        @Override
        public void configure() throws Exception {
            RouteAdvice.ORIGINAL_FROM.put("alerts-webhook", getOriginalRoute().getInput().getEndpointUri());
            replaceFromWith("direct:alerts-webhook");
            weaveByType(ToDynamicDefinition.class).replace().to("mock:webhook");
        }
    }

    final RouteAdvice.Steps steps = new RouteAdvice.Steps();

    @BindToRegistry("spotObjectMapper")
    final Object objectMapper = SpotJson.mapper();
    @BindToRegistry("resultPoller")
    final Poller poller = new Poller(steps);
    @BindToRegistry("resultPollRetrieves")
    final ExecutorService retrieves = Executors.newFixedThreadPool(2, r -> new Thread(r, "retrieve-pool"));
    @BindToRegistry("deliveryDispatcher")
    final Dispatcher dispatcher = new Dispatcher(steps);
    @BindToRegistry("alertWatcher")
    final Watcher watcher = new Watcher(steps);

    @EndpointInject("mock:webhook")
    MockEndpoint webhook;
    @BeanInject
    CamelContext camel;

    private String shipped(String routeId) {
        return camel.resolvePropertyPlaceholders(RouteAdvice.ORIGINAL_FROM.get(routeId));
    }

    private static Alert alert(String name, List<String> ids) {
        return new Alert(name, "warning", ids.size() + " " + name, ids.size(), ids, "instance-1",
                "2026-01-01T00:00:00Z");
    }

    @Test
    void resultPollRunsOneCycleOnTheLeaderStepByStep() throws Exception {
        assertThat(shipped("result-poll")).startsWith("master:spotlink-results:timer:result-poll")
                .contains("period=60s").as("the timer waits for the whole cycle").contains("synchronous=true");
        poller.changed = List.of("O1", "O2");
        poller.due = List.of("O3");
        MockEndpoint cycle = camel.getEndpoint("mock:result-poll", MockEndpoint.class);
        cycle.expectedMessageCount(1);

        camel.createProducerTemplate().sendBody("direct:result-poll", null);

        MockEndpoint.assertIsSatisfied(camel, BOUND, TimeUnit.SECONDS);
        assertThat(cycle.getReceivedExchanges().get(0).getMessage().getBody()).as("the cycle's summary")
                .isEqualTo(Poller.SUMMARY);
        List<String> names = steps.names();
        assertThat(names).hasSize(8).startsWith("startCycle", "changedOrders cycle-1")
                .endsWith("advanceWindow cycle-1", "dueForSweep cycle-1", "retrieve O3 cycle-1", "endCycle cycle-1");
        assertThat(names.subList(2, 4)).as("the changed orders, split").containsExactlyInAnyOrder(
                "retrieve O1 cycle-1", "retrieve O2 cycle-1");
        assertThat(poller.retrieveThreads).as("retrieves run on the pool of spotlink.results.concurrency")
                .containsOnly("retrieve-pool");
    }

    @Test
    void aPollCycleWithNothingChangedNorDueRetrievesNothing() throws Exception {
        MockEndpoint cycle = camel.getEndpoint("mock:result-poll", MockEndpoint.class);
        cycle.expectedMessageCount(1);

        camel.createProducerTemplate().sendBody("direct:result-poll", null);

        MockEndpoint.assertIsSatisfied(camel, BOUND, TimeUnit.SECONDS);
        assertThat(steps.names()).containsExactly("startCycle", "changedOrders cycle-1", "advanceWindow cycle-1",
                "dueForSweep cycle-1", "endCycle cycle-1");
    }

    @Test
    void oruDispatchSendsBatchAfterBatchPerDestinationOnTheLeader() throws Exception {
        assertThat(shipped("oru-dispatch")).startsWith("master:spotlink-delivery:timer:oru-dispatch")
                .contains("period=1s");
        dispatcher.batches.put("mllp", 2);
        dispatcher.batches.put("file", 0);
        MockEndpoint cycle = camel.getEndpoint("mock:oru-dispatch", MockEndpoint.class);
        cycle.expectedMessageCount(1);

        camel.createProducerTemplate().sendBody("direct:oru-dispatch", null);

        MockEndpoint.assertIsSatisfied(camel, BOUND, TimeUnit.SECONDS);
        // per destination: claim ahead while the batch is sent, until a claim finds nothing; then the pass ends
        assertThat(steps.names()).containsExactly(
                "startPass mllp", "nextBatch mllp", "claimAhead mllp", "sendBatch mllp",
                "nextBatch mllp", "claimAhead mllp", "sendBatch mllp", "nextBatch mllp", "finishPass mllp",
                "startPass file", "nextBatch file", "finishPass file");
    }

    @Test
    void aFailedSendStillEndsThePassAndTheNextDestinationStillGoes() {
        dispatcher.batches.put("mllp", 3);
        dispatcher.batches.put("file", 1);
        dispatcher.failSendTo = "mllp";

        Exchange cycle = camel.createProducerTemplate().send("direct:oru-dispatch", e -> { });

        assertThat(cycle.getException()).as("the cycle reports the failure").isNotNull();
        // Camel's loop asks its condition once more after a failed step (the dispatcher answers false then)
        assertThat(steps.names()).containsExactly(
                "startPass mllp", "nextBatch mllp", "claimAhead mllp", "sendBatch mllp", "nextBatch mllp",
                "finishPass mllp",
                "startPass file", "nextBatch file", "claimAhead file", "sendBatch file", "nextBatch file",
                "finishPass file");
    }

    @Test
    void resultFetchFetchesEachQueuedOrderOfOursAndKeepsConsumingAfterAFailure() throws Exception {
        poller.failFor = "O1000001";
        MockEndpoint fetched = camel.getEndpoint("mock:result-fetch", MockEndpoint.class);
        fetched.expectedBodiesReceived("fetched O1000002");
        NotifyBuilder all = new NotifyBuilder(camel).fromRoute("result-fetch").whenDone(3).create();

        camel.createProducerTemplate().sendBody("seda:result-fetch", "O1000001");
        camel.createProducerTemplate().sendBody("seda:result-fetch", "O1000002");
        camel.createProducerTemplate().sendBody("seda:result-fetch", "NOT-OURS");

        assertThat(all.matches(BOUND, TimeUnit.SECONDS)).isTrue();
        MockEndpoint.assertIsSatisfied(camel, BOUND, TimeUnit.SECONDS);
        assertThat(steps.names()).as("an order that is not ours is not fetched").containsExactly(
                "ours O1000001", "fetch O1000001", "ours O1000002", "fetch O1000002", "ours NOT-OURS");
        assertThat(camel.getRouteController().getRouteStatus("result-fetch").isStarted()).isTrue();
    }

    @Test
    void alertsWebhookPostsEachAlertAloneAsJson() throws Exception {
        assertThat(shipped("alerts-webhook")).startsWith("master:spotlink-alerts:timer:alerts-webhook");
        watcher.due = List.of(alert("deliveries_parked", List.of("17", "18")), alert("spot_unavailable", List.of()));
        webhook.expectedMessageCount(2);
        webhook.allMessages().header("Content-Type").isEqualTo("application/json");
        webhook.allMessages().header(Exchange.HTTP_METHOD).isEqualTo("POST");
        webhook.allMessages().header("SpotlinkCycle").isNull();

        camel.createProducerTemplate().sendBodyAndHeader("direct:alerts-webhook", null, "SpotlinkCycle", "x");

        MockEndpoint.assertIsSatisfied(camel, BOUND, TimeUnit.SECONDS);
        JsonNode first = SpotJson.mapper().readTree(webhook.getReceivedExchanges().get(0).getMessage()
                .getBody(String.class));
        assertThat(first.path("alert").asText()).isEqualTo("deliveries_parked");
        assertThat(first.path("count").asInt()).isEqualTo(2);
        assertThat(webhook.getReceivedExchanges().get(0).getMessage().getHeaders()).containsOnlyKeys(
                "Content-Type", Exchange.HTTP_METHOD);
        assertThat(SpotJson.mapper().readTree(webhook.getReceivedExchanges().get(1).getMessage()
                .getBody(String.class)).path("alert").asText()).isEqualTo("spot_unavailable");
    }

    @Test
    void aWebhookFailureDoesNotKeepTheOtherAlertsBackAndOnlyTheTakenOnesAreMarkedSent() throws Exception {
        watcher.due = List.of(alert("orders_failed", List.of("O1")), alert("results_waiting", List.of("O2")));
        webhook.whenExchangeReceived(1, e -> {
            throw new IllegalStateException("webhook answered 500");
        });
        webhook.expectedMessageCount(2);

        Exchange cycle = camel.createProducerTemplate().send("direct:alerts-webhook", e -> { });

        MockEndpoint.assertIsSatisfied(camel, BOUND, TimeUnit.SECONDS);
        assertThat(cycle.getException()).as("caught and logged: the untaken alert waits for the next look").isNull();
        assertThat(watcher.sent).extracting(Alert::alert).containsExactly("results_waiting");
    }

    /**
     * resultPoller: the steps of a poll cycle (the changed orders and the due ones as set), and of a fetch, which
     * fails for {@code failFor} and knows every order but NOT-OURS.
     */
    public static class Poller {
        static final ResultPoller.PollSummary SUMMARY = new ResultPoller.PollSummary(3, 1, 2, false, 4, 2, 1);

        private final RouteAdvice.Steps steps;
        final Set<String> retrieveThreads = ConcurrentHashMap.newKeySet();
        volatile List<String> changed = List.of();
        volatile List<String> due = List.of();
        volatile String failFor;

        Poller(RouteAdvice.Steps steps) {
            this.steps = steps;
        }

        public String startCycle() {
            steps.add("startCycle");
            return "cycle-1";
        }

        public List<String> changedOrders(String cycle) {
            steps.add("changedOrders " + cycle);
            return changed;
        }

        public void retrieve(String spotOrderId, String cycle) {
            retrieveThreads.add(Thread.currentThread().getName());
            steps.add("retrieve " + spotOrderId + " " + cycle);
        }

        public void advanceWindow(String cycle) {
            steps.add("advanceWindow " + cycle);
        }

        public List<String> dueForSweep(String cycle) {
            steps.add("dueForSweep " + cycle);
            return due;
        }

        public ResultPoller.PollSummary endCycle(String cycle) {
            steps.add("endCycle " + cycle);
            return SUMMARY;
        }

        public String ours(String spotOrderId) {
            steps.add("ours " + spotOrderId);
            return spotOrderId.equals("NOT-OURS") ? null : spotOrderId;
        }

        public String fetch(String spotOrderId) {
            steps.add("fetch " + spotOrderId);
            if (spotOrderId.equals(failFor)) {
                throw new IllegalStateException("Spot unavailable");
            }
            return "fetched " + spotOrderId;
        }
    }

    /** deliveryDispatcher: {@code batches} full batches per destination, then nothing due. */
    public static class Dispatcher {
        private final RouteAdvice.Steps steps;
        final java.util.Map<String, Integer> batches = new java.util.concurrent.ConcurrentHashMap<>();
        volatile String failSendTo;

        Dispatcher(RouteAdvice.Steps steps) {
            this.steps = steps;
        }

        /** What the route carries from step to step. */
        public static final class Pass {
            final String destination;
            int left;

            Pass(String destination, int left) {
                this.destination = destination;
                this.left = left;
            }
        }

        public List<String> destinations() {
            return List.of("mllp", "file");
        }

        public Pass startPass(String destination) {
            steps.add("startPass " + destination);
            return new Pass(destination, batches.getOrDefault(destination, 0));
        }

        public boolean nextBatch(Pass pass) {
            steps.add("nextBatch " + pass.destination);
            return pass.left-- > 0;
        }

        public void claimAhead(Pass pass) {
            steps.add("claimAhead " + pass.destination);
        }

        public void sendBatch(Pass pass) {
            steps.add("sendBatch " + pass.destination);
            if (pass.destination.equals(failSendTo)) {
                throw new IllegalStateException("EHR connection refused");
            }
        }

        public void finishPass(Pass pass) {
            steps.add("finishPass " + pass.destination);
        }
    }

    /** alertWatcher: the alerts pending now, and the ones the webhook took. */
    public static class Watcher {
        private final RouteAdvice.Steps steps;
        volatile List<Alert> due = List.of();
        final List<Alert> sent = new java.util.concurrent.CopyOnWriteArrayList<>();

        Watcher(RouteAdvice.Steps steps) {
            this.steps = steps;
        }

        public List<Alert> pending() {
            steps.add("pending");
            return due;
        }

        public void sent(Alert alert) {
            sent.add(alert);
        }
    }
}
