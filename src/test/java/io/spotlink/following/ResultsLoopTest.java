package io.spotlink.following;

import io.spotlink.delivery.Delivery;
import io.spotlink.delivery.DeliveryLedger;
import io.spotlink.delivery.DeliveryStatus;
import io.spotlink.delivery.OruMessages;
import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.v251.message.ORU_R01;
import ca.uhn.hl7v2.validation.impl.NoValidation;
import io.spotlink.demo.MllpEhrListener;
import io.spotlink.ledger.OrderLedger;
import io.spotlink.sim.MutableClock;
import io.spotlink.sim.SpotSimulator;
import io.spotlink.spot.SpotJson;
import io.spotlink.support.Orders;
import io.spotlink.support.RunningBundle;
import io.spotlink.support.Simulators;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Orders in, the simulator's lifecycle, ORUs out over MLLP and file: the results half of the loop. */
class ResultsLoopTest {

    @TempDir
    Path dir;

    private Map<String, String> bundleSettings(int ehrPort, String... extra) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "spotlink.results.poll-interval", "200ms", "spotlink.results.poll-delay", "0",
                "spotlink.deliver.interval", "100ms", "spotlink.deliver.initial-delay", "50ms",
                "spotlink.deliver.mllp.enabled", "true", "spotlink.deliver.mllp.port", Integer.toString(ehrPort)));
        for (int i = 0; i + 1 < extra.length; i += 2) {
            settings.put(extra[i], extra[i + 1]);
        }
        return settings;
    }

    private static String submit(RunningBundle bundle, String id) throws Exception {
        var response = bundle.post("/orders", SpotJson.mapper().writeValueAsString(Orders.valid(id)));
        assertThat(response.statusCode()).isEqualTo(201);
        return SpotJson.mapper().readTree(response.body()).path("spot_order_id").asText();
    }

    private static ORU_R01 parse(String er7) throws Exception {
        try (HapiContext hapi = new DefaultHapiContext()) {
            hapi.setValidationContext(new NoValidation());
            return (ORU_R01) hapi.getPipeParser().parse(er7);
        }
    }

    @Test
    void thePollerRecordsEveryStatusAndDeliversEveryReportOnceIncludingPartialsAndAmendments() throws Exception {
        MutableClock spotClock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        List<String> lifecycle = List.of("KIT:preparing,SAMPLE:awaiting_collection", "KIT:in_transit",
                "KIT:delivered", "KIT:registered", "SAMPLE:in_transit", "SAMPLE:delivered", "SAMPLE:received",
                "SAMPLE:partially_resulted", "SAMPLE:resulted");
        try (MllpEhrListener ehr = MllpEhrListener.start(0);
             SpotSimulator sim = SpotSimulator.start(Simulators.config("sim.amendment-rate", "1.0",
                     "sim.partial-rate", "1.0", "sim.extra-checks-rate", "0", "sim.stage-duration", "PT1H")
                     .withClock(spotClock))) {
            try (RunningBundle bundle = RunningBundle.start(dir, sim.baseUrl(), Simulators.API_KEY,
                    bundleSettings(ehr.port()))) {
                String spotId = submit(bundle, "R-1");
                KitTracker kits = bundle.bean("kitTracker", KitTracker.class);
                String kitId = null;
                List<String> expected = new java.util.ArrayList<>();
                for (String stage : lifecycle) {
                    spotClock.advance(Duration.ofHours(1));
                    if (kitId == null) {
                        kitId = bundle.bean("spotClient", io.spotlink.spot.SpotClient.class).retrieveOrder(spotId)
                                .kits().get(0).kitId();
                    }
                    expected.addAll(List.of(stage.split(",")));
                    String kit = kitId;
                    await().atMost(Duration.ofSeconds(20)).until(() -> kits.history(kit).equals(expected));
                }
                spotClock.advance(Duration.ofHours(1)); // the amendment
                DeliveryLedger deliveries = bundle.bean("deliveryLedger", DeliveryLedger.class);
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    List<Delivery> all = deliveries.forOrder(spotId);
                    return "completed".equals(bundle.bean("orderLedger", OrderLedger.class)
                            .findBySpotOrderId(spotId).orElseThrow().spotStatus())
                            && all.size() == 6 && all.stream().allMatch(d -> d.status() == DeliveryStatus.DELIVERED);
                });
                List<Delivery> all = deliveries.forOrder(spotId);
                Map<String, List<Character>> byDestination = all.stream().collect(Collectors.groupingBy(
                        Delivery::destination, Collectors.mapping(Delivery::resultStatus, Collectors.toList())));
                assertThat(byDestination.get("mllp")).containsExactly('P', 'F', 'C');
                assertThat(byDestination.get("file")).containsExactly('P', 'F', 'C');
                assertThat(ehr.received()).hasSize(3);

                ORU_R01 finalOru = parse(ehr.received().get(1));
                ORU_R01 correction = parse(ehr.received().get(2));
                var finalObr = finalOru.getPATIENT_RESULT().getORDER_OBSERVATION().getOBR();
                var correctedObr = correction.getPATIENT_RESULT().getORDER_OBSERVATION().getOBR();
                assertThat(finalObr.getResultStatus().getValue()).isEqualTo("F");
                assertThat(correctedObr.getResultStatus().getValue()).isEqualTo("C");
                assertThat(correctedObr.getPlacerOrderNumber().encode()).isEqualTo(finalObr.getPlacerOrderNumber().encode());
                assertThat(correctedObr.getFillerOrderNumber().encode()).isEqualTo(finalObr.getFillerOrderNumber().encode());
                assertThat(correctedObr.getResultsRptStatusChngDateTime().encode())
                        .isGreaterThan(finalObr.getResultsRptStatusChngDateTime().encode());
                assertThat(correction.getMSH().getMessageControlID().getValue())
                        .isNotEqualTo(finalOru.getMSH().getMessageControlID().getValue());
                var observations = correction.getPATIENT_RESULT().getORDER_OBSERVATION().getOBSERVATIONAll();
                assertThat(observations).isNotEmpty().allSatisfy(o ->
                        assertThat(o.getOBX().getObservationResultStatus().getValue()).isEqualTo("C"));
                assertThat(kits.history(kitId)).as("no status recorded twice").isEqualTo(expected);
            }
        }
    }

    @Test
    void aRestartInTheMiddleNeitherLosesNorRepeatsADelivery() throws Exception {
        // Spot's clock moves only when the test says: partial report, restart, then final report and amendment.
        MutableClock spotClock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        try (MllpEhrListener ehr = MllpEhrListener.start(0);
             SpotSimulator sim = SpotSimulator.start(Simulators.config("sim.amendment-rate", "1.0",
                     "sim.partial-rate", "1.0", "sim.extra-checks-rate", "0", "sim.stage-duration", "PT1H")
                     .withClock(spotClock))) {
            Map<String, String> settings = bundleSettings(ehr.port(), "spotlink.deliver.file.enabled", "false");
            String spotId;
            try (RunningBundle first = RunningBundle.start(dir, sim.baseUrl(), Simulators.API_KEY, settings)) {
                spotId = submit(first, "R-2");
                spotClock.advance(Duration.ofHours(8)); // sample partially resulted
                DeliveryLedger deliveries = first.bean("deliveryLedger", DeliveryLedger.class);
                await().atMost(Duration.ofSeconds(30)).until(() -> deliveries.forOrder(spotId).stream()
                        .anyMatch(d -> d.status() == DeliveryStatus.DELIVERED));
            }
            assertThat(ehr.received()).as("before the restart: the partial report").hasSize(1);
            spotClock.advance(Duration.ofHours(2)); // resulted, then amended, while Spotlink is down
            try (RunningBundle second = RunningBundle.start(dir, sim.baseUrl(), Simulators.API_KEY, settings)) {
                DeliveryLedger deliveries = second.bean("deliveryLedger", DeliveryLedger.class);
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    List<Delivery> all = deliveries.forOrder(spotId);
                    return all.size() == 3 && all.stream().allMatch(d -> d.status() == DeliveryStatus.DELIVERED);
                });
                assertThat(deliveries.forOrder(spotId)).extracting(Delivery::resultStatus).containsExactly('P', 'F', 'C');
                assertThat(ehr.received()).as("each report version reached the EHR exactly once").hasSize(3);
                assertThat(ehr.received().stream().map(OruMessages::controlId).distinct()).hasSize(3);
                assertThat(ehr.received().stream().map(m -> m.split("\r")).map(seg -> java.util.Arrays.stream(seg)
                        .filter(x -> x.startsWith("OBR")).findFirst().orElseThrow().split("\\|")[25]))
                        .containsExactly("P", "F", "C");
            }
        }
    }

    @Test
    void aCallbackTriggersAnImmediateFetch() throws Exception {
        try (MllpEhrListener ehr = MllpEhrListener.start(0)) {
            int bundlePort = io.spotlink.support.FreePort.find();
            try (SpotSimulator sim = Simulators.start("sim.callback.url", "http://127.0.0.1:" + bundlePort
                    + "/spot/callbacks", "sim.callback.secret", "cb-secret")) {
                try (RunningBundle bundle = RunningBundle.start(dir, sim.baseUrl(), Simulators.API_KEY,
                        bundleSettings(ehr.port(), "spotlink.results.poll-enabled", "false",
                                "spotlink.callback.secret", "cb-secret", "camel.server.port",
                                Integer.toString(bundlePort)))) {
                    String spotId = submit(bundle, "R-3");
                    DeliveryLedger deliveries = bundle.bean("deliveryLedger", DeliveryLedger.class);
                    await().atMost(Duration.ofSeconds(60)).until(() -> deliveries.forOrder(spotId).stream()
                            .anyMatch(d -> d.status() == DeliveryStatus.DELIVERED && d.destination().equals("mllp")));
                }
            }
        }
    }
}
