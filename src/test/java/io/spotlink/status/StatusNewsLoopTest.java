package io.spotlink.status;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.v251.group.ORU_R01_ORDER_OBSERVATION;
import ca.uhn.hl7v2.model.v251.message.ORU_R01;
import ca.uhn.hl7v2.validation.impl.NoValidation;
import io.spotlink.demo.MllpEhrListener;
import io.spotlink.intake.CanonicalOrder;
import io.spotlink.delivery.Delivery;
import io.spotlink.delivery.DeliveryLedger;
import io.spotlink.delivery.DeliveryStatus;
import io.spotlink.following.KitTracker;
import io.spotlink.oru.OruValidator;
import io.spotlink.sim.MutableClock;
import io.spotlink.sim.SpotSimulator;
import io.spotlink.spot.SpotClient;
import io.spotlink.spot.SpotJson;
import io.spotlink.spot.model.Kit;
import io.spotlink.support.Orders;
import io.spotlink.support.RunningBundle;
import io.spotlink.support.Simulators;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 14, points 1 and 2, end to end: the simulator over HTTP puts orders, kits and samples into every bad state
 * (its admin calls), the whole bundle polls Spot and delivers over MLLP, and every status ORU is parsed back with
 * HAPI's v2.5.1 ORU^R01 model.
 */
class StatusNewsLoopTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    /** One bad state, what the admin call says, and what the chart must read. */
    private record Case(String name, String adminPath, String body, String orc5, String note) {
    }

    private static final List<Case> CASES = List.of(
            new Case("order-canceled", "/admin/orders/%s/cancel", null, "CA", "Order canceled at Spot"),
            new Case("kit-canceled", "/admin/kits/%s/state", "{\"subject\":\"kit\",\"status\":\"canceled\"}", "CA",
                    "Test kit canceled at Spot"),
            new Case("kit-delivery", "/admin/kits/%s/state",
                    "{\"subject\":\"kit\",\"status\":\"delivery_exception\",\"replacement\":false}", "IP",
                    "could not be delivered to the patient"),
            new Case("sample-collection", "/admin/kits/%s/state",
                    "{\"subject\":\"sample\",\"status\":\"collection_exception\",\"replacement\":true}", "IP",
                    "could not be collected"),
            new Case("sample-delivery", "/admin/kits/%s/state",
                    "{\"subject\":\"sample\",\"status\":\"delivery_exception\",\"replacement\":false}", "IP",
                    "lost or damaged on its way to the lab"),
            new Case("sample-canceled", "/admin/kits/%s/state",
                    "{\"subject\":\"sample\",\"status\":\"canceled\",\"replacement\":false}", "IP",
                    "sample was canceled at the lab"));

    private Map<String, String> settings(int ehrPort, String... extra) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "spotlink.results.poll-interval", "200ms", "spotlink.results.poll-delay", "0",
                "spotlink.deliver.interval", "100ms", "spotlink.deliver.initial-delay", "50ms",
                "spotlink.deliver.file.enabled", "false",
                "spotlink.destination.chart.type", "mllp", "spotlink.destination.chart.host", "127.0.0.1",
                "spotlink.destination.chart.port", Integer.toString(ehrPort)));
        for (int i = 0; i + 1 < extra.length; i += 2) {
            settings.put(extra[i], extra[i + 1]);
        }
        return settings;
    }

    @Test
    void everyBadStateReachesTheChartOnceAsAnXAndAReplacementKitStillResults() throws Exception {
        MutableClock spotClock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        try (MllpEhrListener ehr = MllpEhrListener.start(0);
             SpotSimulator sim = SpotSimulator.start(Simulators.config("sim.amendment-rate", "0",
                     "sim.partial-rate", "0", "sim.extra-checks-rate", "0", "sim.stage-duration", "PT1H")
                     .withClock(spotClock))) {
            // a destination whose filter takes no health kit: bad news of a health kit is not its business
            Map<String, String> settings = settings(ehr.port(), "spotlink.destination.sti-only.type", "file",
                    "spotlink.destination.sti-only.directory", dir.resolve("sti").toString(),
                    "spotlink.destination.sti-only.filter.kit-types", "sti_kit");
            Map<String, String> orders = new LinkedHashMap<>(); // case name -> Spot order id
            Map<String, String> kits = new LinkedHashMap<>();   // case name -> kit id
            try (RunningBundle bundle = RunningBundle.start(dir, sim.baseUrl(), Simulators.API_KEY, settings)) {
                for (Case c : CASES) {
                    // a kit canceled alone: its order has a second kit that goes on (one kit canceled, not the order)
                    orders.put(c.name(), submit(bundle, "BN-" + c.name(),
                            c.name().equals("kit-canceled") ? "WELLNESS" : "LIPID"));
                }
                spotClock.advance(Duration.ofHours(2)); // every kit is on its way to the patient
                SpotClient spot = bundle.bean("spotClient", SpotClient.class);
                KitTracker tracker = bundle.bean("kitTracker", KitTracker.class);
                for (Case c : CASES) {
                    String kitId = spot.retrieveOrder(orders.get(c.name())).kits().stream()
                            .filter(k -> k.type().equals("health_kit_1")).findFirst().orElseThrow().kitId();
                    kits.put(c.name(), kitId);
                    await().atMost(WAIT).until(() -> tracker.history(kitId).contains("KIT:in_transit"));
                    String id = c.adminPath().contains("/orders/") ? orders.get(c.name()) : kitId;
                    assertThat(admin(sim, c.adminPath().formatted(id), c.body())).as(c.name()).isEqualTo(200);
                }
                DeliveryLedger deliveries = bundle.bean("deliveryLedger", DeliveryLedger.class);
                await().atMost(WAIT).until(() -> orders.values().stream().allMatch(id -> {
                    List<Delivery> all = deliveries.forOrder(id);
                    return all.size() == 1 && all.get(0).status() == DeliveryStatus.DELIVERED;
                }));
                assertThat(ehr.received()).hasSize(CASES.size());
                for (Case c : CASES) {
                    Delivery d = deliveries.forOrder(orders.get(c.name())).get(0);
                    assertThat(d.kitId()).isEqualTo(kits.get(c.name()));
                    assertThat(d.resultStatus()).isEqualTo('X');
                    assertThat(d.destination()).as("only the chart: sti-only's filter refuses a health kit")
                            .isEqualTo("chart");
                    ORU_R01 oru = receivedFor(ehr, orders.get(c.name()) + "-" + kits.get(c.name()));
                    ORU_R01_ORDER_OBSERVATION order = oru.getPATIENT_RESULT().getORDER_OBSERVATION();
                    assertThat(order.getORC().getOrderControl().getValue()).isEqualTo("RE");
                    assertThat(order.getORC().getOrderStatus().getValue()).as(c.name()).isEqualTo(c.orc5());
                    assertThat(order.getOBR().getResultStatus().getValue()).as(c.name()).isEqualTo("X");
                    assertThat(order.getOBR().getPlacerOrderNumber().getEntityIdentifier().getValue())
                            .isEqualTo("BN-" + c.name());
                    assertThat(order.getOBSERVATIONReps()).as("no OBX: there is no result").isZero();
                    assertThat(order.getNTEReps()).isEqualTo(1);
                    String note = order.getNTE(0).getComment(0).getValue();
                    assertThat(note).as(c.name()).contains(c.note());
                    if (c.orc5().equals("IP")) {
                        assertThat(note).contains("a new kit is needed");
                    }
                    assertThat(note).doesNotContain(Orders.LAST).doesNotContain(Orders.FIRST);
                    new OruValidator().validate(deliveries.forOrder(orders.get(c.name())).get(0).message());
                }

                // Later polls see the same states: nothing is queued again.
                pollTimes(bundle, 3);
                // The replacement kit of the collection exception runs its whole course and results as usual.
                spotClock.advance(Duration.ofHours(8));
                String replaced = orders.get("sample-collection");
                await().atMost(WAIT).until(() -> deliveries.forOrder(replaced).size() == 2
                        && deliveries.forOrder(replaced).stream().allMatch(d -> d.status() == DeliveryStatus.DELIVERED));
                List<Delivery> both = deliveries.forOrder(replaced);
                assertThat(both).extracting(Delivery::resultStatus).containsExactly('X', 'F');
                assertThat(both.get(1).kitId()).isNotEqualTo(kits.get("sample-collection"));
                ORU_R01 result = parse(both.get(1).message());
                assertThat(result.getPATIENT_RESULT().getORDER_OBSERVATION().getOBSERVATIONReps()).isPositive();
                // The canceled kit's sister kit results as usual too.
                String sister = orders.get("kit-canceled");
                await().atMost(WAIT).until(() -> deliveries.forOrder(sister).size() == 2
                        && deliveries.forOrder(sister).stream().allMatch(d -> d.status() == DeliveryStatus.DELIVERED));
                assertThat(deliveries.forOrder(sister)).extracting(Delivery::resultStatus).containsExactly('X', 'F');
                pollTimes(bundle, 3);
                assertThat(ehr.received()).hasSize(CASES.size() + 2);
            }

            // A restart polls every order again (the canceled ones included while their kits could result): no repeat.
            try (RunningBundle again = RunningBundle.start(dir, sim.baseUrl(), Simulators.API_KEY, settings)) {
                pollTimes(again, 3);
                DeliveryLedger deliveries = again.bean("deliveryLedger", DeliveryLedger.class);
                for (Case c : CASES) {
                    assertThat(deliveries.forOrder(orders.get(c.name())))
                            .hasSize(List.of("sample-collection", "kit-canceled").contains(c.name()) ? 2 : 1);
                }
                assertThat(ehr.received()).as("each status reached the EHR exactly once").hasSize(CASES.size() + 2);
            }
        }
    }

    @Test
    void milestonesGoOnlyToTheDestinationThatAsksForThemEachOnce() throws Exception {
        MutableClock spotClock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        try (MllpEhrListener ehr = MllpEhrListener.start(0);
             SpotSimulator sim = SpotSimulator.start(Simulators.config("sim.amendment-rate", "0",
                     "sim.partial-rate", "0", "sim.extra-checks-rate", "0", "sim.stage-duration", "PT1H")
                     .withClock(spotClock))) {
            Map<String, String> settings = settings(ehr.port(), "spotlink.destination.chart.milestones", "all",
                    "spotlink.destination.results-only.type", "file",
                    "spotlink.destination.results-only.directory", dir.resolve("results-only").toString());
            try (RunningBundle bundle = RunningBundle.start(dir, sim.baseUrl(), Simulators.API_KEY, settings)) {
                String spotId = submit(bundle, "MS-1");
                KitTracker tracker = bundle.bean("kitTracker", KitTracker.class);
                SpotClient spot = bundle.bean("spotClient", SpotClient.class);
                List<String> lifecycle = List.of("KIT:preparing", "KIT:in_transit", "KIT:delivered", "KIT:registered",
                        "SAMPLE:in_transit", "SAMPLE:delivered", "SAMPLE:received", "SAMPLE:resulted");
                String kitId = null;
                for (String stage : lifecycle) {
                    spotClock.advance(Duration.ofHours(1));
                    if (kitId == null) {
                        kitId = spot.retrieveOrder(spotId).kits().get(0).kitId();
                    }
                    String kit = kitId;
                    await().atMost(WAIT).until(() -> tracker.history(kit).contains(stage));
                }
                DeliveryLedger deliveries = bundle.bean("deliveryLedger", DeliveryLedger.class);
                await().atMost(WAIT).until(() -> deliveries.forOrder(spotId).size() == 6
                        && deliveries.forOrder(spotId).stream().allMatch(d -> d.status() == DeliveryStatus.DELIVERED));
                pollTimes(bundle, 3);

                List<Delivery> all = deliveries.forOrder(spotId);
                assertThat(all).filteredOn(d -> d.destination().equals("results-only"))
                        .extracting(Delivery::resultStatus).containsExactly('F');
                assertThat(all).filteredOn(d -> d.destination().equals("chart"))
                        .extracting(Delivery::resultStatus).containsExactly('O', 'O', 'O', 'I', 'F');
                assertThat(ehr.received()).hasSize(5);

                Kit kit = spot.retrieveOrder(spotId).kits().get(0);
                List<String> notes = new ArrayList<>();
                List<String> statuses = new ArrayList<>();
                List<String> times = new ArrayList<>();
                for (String er7 : ehr.received().subList(0, 4)) {
                    ORU_R01_ORDER_OBSERVATION order = parse(er7).getPATIENT_RESULT().getORDER_OBSERVATION();
                    assertThat(order.getOBSERVATIONReps()).isZero();
                    statuses.add(order.getORC().getOrderStatus().getValue() + "/"
                            + order.getOBR().getResultStatus().getValue());
                    notes.add(order.getNTE(0).getComment(0).getValue());
                    times.add(order.getOBR().getResultsRptStatusChngDateTime().getTime().getValue());
                    new OruValidator().validate(er7);
                }
                assertThat(statuses).containsExactly("SC/O", "SC/O", "SC/O", "IP/I");
                assertThat(notes.get(0)).startsWith("Kit shipped to the patient on ");
                assertThat(notes.get(1)).startsWith("Kit delivered to the patient on ");
                assertThat(notes.get(2)).startsWith("Kit registered by the patient on ");
                assertThat(notes.get(3)).startsWith("Sample received at the lab on ");
                // OBR-22 is the milestone's own time at Spot (its status event), one stage apart
                String shipped = kit.events().stream().filter(e -> e.status().wire().equals("in_transit"))
                        .findFirst().orElseThrow().created().toInstant().toString();
                assertThat(times.get(0)).startsWith(shipped.substring(0, 19).replaceAll("[-T:]", ""));
                assertThat(times).doesNotHaveDuplicates();
                assertThat(parse(ehr.received().get(4)).getPATIENT_RESULT().getORDER_OBSERVATION().getOBR()
                        .getResultStatus().getValue()).isEqualTo("F");
            }
        }
    }

    @Test
    void aParkedXHoldsBackThePatientsLaterResultUntilItIsReplayed() throws Exception {
        MutableClock spotClock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        try (MllpEhrListener ehr = MllpEhrListener.start(0);
             SpotSimulator sim = SpotSimulator.start(Simulators.config("sim.amendment-rate", "0",
                     "sim.partial-rate", "0", "sim.extra-checks-rate", "0", "sim.stage-duration", "PT1H")
                     .withClock(spotClock))) {
            ehr.script(MllpEhrListener.Behaviour.APPLICATION_ERROR); // the EHR refuses the first message (AE)
            try (RunningBundle bundle = RunningBundle.start(dir, sim.baseUrl(), Simulators.API_KEY,
                    settings(ehr.port()))) {
                String spotId = submit(bundle, "PK-1");
                spotClock.advance(Duration.ofHours(4)); // registered
                SpotClient spot = bundle.bean("spotClient", SpotClient.class);
                String kitId = spot.retrieveOrder(spotId).kits().get(0).kitId();
                KitTracker tracker = bundle.bean("kitTracker", KitTracker.class);
                await().atMost(WAIT).until(() -> tracker.history(kitId).contains("KIT:registered"));
                assertThat(admin(sim, "/admin/kits/" + kitId + "/state",
                        "{\"subject\":\"sample\",\"status\":\"delivery_exception\",\"replacement\":true}"))
                        .isEqualTo(200);
                DeliveryLedger deliveries = bundle.bean("deliveryLedger", DeliveryLedger.class);
                await().atMost(WAIT).until(() -> deliveries.forOrder(spotId).stream()
                        .anyMatch(d -> d.status() == DeliveryStatus.FAILED));
                Delivery parked = deliveries.forOrder(spotId).get(0);
                assertThat(parked.resultStatus()).isEqualTo('X');
                assertThat(parked.ackCode()).isEqualTo("AE");

                spotClock.advance(Duration.ofHours(8)); // the new kit results; its F waits behind the parked X
                await().atMost(WAIT).until(() -> deliveries.forOrder(spotId).size() == 2);
                pollTimes(bundle, 2);
                assertThat(deliveries.forOrder(spotId).get(1).status()).isEqualTo(DeliveryStatus.PENDING);
                assertThat(ehr.received()).as("only the refused X").hasSize(1);

                assertThat(bundle.post("/deliveries/" + parked.id() + "/replay", "").statusCode()).isLessThan(300);
                await().atMost(WAIT).until(() -> deliveries.forOrder(spotId).stream()
                        .allMatch(d -> d.status() == DeliveryStatus.DELIVERED));
                assertThat(ehr.received()).hasSize(3);
                assertThat(ehr.received().stream().map(m -> parse(m)).map(o -> o.getPATIENT_RESULT()
                        .getORDER_OBSERVATION().getOBR().getResultStatus().getValue()))
                        .as("the X again, then the result, in the patient's order").containsExactly("X", "X", "F");
            }
        }
    }

    /** Waits for {@code times} whole cycles of this bundle's result-poll route (a cycle already running is not one). */
    private static void pollTimes(RunningBundle bundle, int times) {
        NotifyBuilder cycles = new NotifyBuilder(bundle.context()).fromRoute("result-poll").whenCompleted(times + 1)
                .create();
        assertThat(cycles.matches(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("result-poll cycles").isTrue();
    }

    private int admin(SpotSimulator sim, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sim.baseUrl() + path))
                .header("Authorization", "Token " + Simulators.API_KEY).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10))
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static String submit(RunningBundle bundle, String id) throws Exception {
        return submit(bundle, id, "LIPID");
    }

    private static String submit(RunningBundle bundle, String id, String testCode) throws Exception {
        CanonicalOrder o = Orders.valid(id);
        CanonicalOrder order = new CanonicalOrder(o.sourceOrderId(), o.sourceSystem(), List.of(testCode), o.kitTypes(),
                o.recipient(), o.patient(), o.orderingProvider(), o.metadata(), o.specimenBarcode());
        var response = bundle.post("/orders", SpotJson.mapper().writeValueAsString(order));
        assertThat(response.statusCode()).isEqualTo(201);
        return SpotJson.mapper().readTree(response.body()).path("spot_order_id").asText();
    }

    /** The one message the EHR received for this filler number (OBR-3). */
    private static ORU_R01 receivedFor(MllpEhrListener ehr, String fillerNumber) throws Exception {
        List<ORU_R01> found = new ArrayList<>();
        for (String er7 : ehr.received()) {
            ORU_R01 oru = parse(er7);
            if (fillerNumber.equals(oru.getPATIENT_RESULT().getORDER_OBSERVATION().getOBR().getFillerOrderNumber()
                    .getEntityIdentifier().getValue())) {
                found.add(oru);
            }
        }
        assertThat(found).as("messages for " + fillerNumber).hasSize(1);
        return found.get(0);
    }

    private static ORU_R01 parse(String er7) {
        try (HapiContext hapi = new DefaultHapiContext()) {
            hapi.setValidationContext(new NoValidation());
            return (ORU_R01) hapi.getPipeParser().parse(er7);
        } catch (Exception e) {
            throw new AssertionError("not an ORU^R01 v2.5.1", e);
        }
    }
}
