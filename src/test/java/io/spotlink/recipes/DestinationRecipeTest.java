package io.spotlink.recipes;

import io.spotlink.demo.MllpEhrListener;
import io.spotlink.intake.CanonicalOrder;
import io.spotlink.delivery.Delivery;
import io.spotlink.delivery.DeliveryLedger;
import io.spotlink.delivery.DeliveryStatus;
import io.spotlink.sim.SpotSimulator;
import io.spotlink.spot.SpotJson;
import io.spotlink.support.Orders;
import io.spotlink.support.RunningBundle;
import io.spotlink.support.Simulators;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * README "Customise", recipe "Send STI results to a second EHR over MLLP": the README's block is appended, verbatim,
 * to a copy of config/application.properties, and the bundle starts from that copy and a copy of routes/. Only the
 * second EHR's host and port are overridden (as the environment would), to reach a listener of the test.
 */
class DestinationRecipeTest {

    private static final String MARKER = "<!-- recipe: sti-second-ehr";

    @TempDir
    Path dir;

    /** The properties block that follows the recipe's marker in README.md. */
    static String recipeEdit() throws IOException {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        int marker = readme.indexOf(MARKER);
        assertThat(marker).as("README holds the recipe").isPositive();
        int start = readme.indexOf("```properties\n", marker) + "```properties\n".length();
        return readme.substring(start, readme.indexOf("```", start));
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }

    private static String submit(RunningBundle bundle, CanonicalOrder order) throws Exception {
        var response = bundle.post("/orders", SpotJson.mapper().writeValueAsString(order));
        assertThat(response.statusCode()).isEqualTo(201);
        return SpotJson.mapper().readTree(response.body()).path("spot_order_id").asText();
    }

    private static CanonicalOrder withTests(CanonicalOrder o, String... testCodes) {
        return new CanonicalOrder(o.sourceOrderId(), o.sourceSystem(), List.of(testCodes), List.of(), o.recipient(),
                o.patient(), o.orderingProvider(), o.metadata());
    }

    /** MSH-5 and MSH-6 of an ER7 message. */
    private static String receiver(String er7) {
        String[] msh = er7.substring(0, er7.indexOf('\r')).split("\\|", -1);
        return msh[4] + "|" + msh[5];
    }

    @Test
    void stiResultsReachBothEhrsWithTheirOwnReceiverAndOtherResultsOnlyTheFirst() throws Exception {
        Path config = dir.resolve("config");
        copy(Path.of("config"), config);
        copy(Path.of("routes"), dir.resolve("routes"));
        Files.writeString(config.resolve("application.properties"), "\n" + recipeEdit(), StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);

        try (MllpEhrListener firstEhr = MllpEhrListener.start(0);
             MllpEhrListener stiEhr = MllpEhrListener.start(0);
             SpotSimulator sim = Simulators.start("sim.partial-rate", "0", "sim.amendment-rate", "0",
                     "sim.extra-checks-rate", "0");
             RunningBundle bundle = RunningBundle.start(dir, sim.baseUrl(), Simulators.API_KEY, Map.ofEntries(
                     Map.entry("spotlink.config-dir", config.toString()),
                     Map.entry("spotlink.routes-dir", dir.resolve("routes").toString()),
                     Map.entry("spotlink.results.poll-interval", "200ms"), Map.entry("spotlink.results.poll-delay", "0"),
                     Map.entry("spotlink.deliver.interval", "100ms"),
                     Map.entry("spotlink.deliver.file.enabled", "false"),
                     Map.entry("spotlink.deliver.mllp.enabled", "true"),
                     Map.entry("spotlink.deliver.mllp.port", Integer.toString(firstEhr.port())),
                     Map.entry("spotlink.destination.sti-ehr.host", "127.0.0.1"),
                     Map.entry("spotlink.destination.sti-ehr.port", Integer.toString(stiEhr.port()))))) {
            assertThat(bundle.context().getRoute("oru-deliver-sti-ehr")).as("the recipe's route").isNotNull();
            String sti = submit(bundle, withTests(Orders.valid("STI-1"), "STI"));
            String lipid = submit(bundle, Orders.valid("LIPID-1"));
            DeliveryLedger ledger = bundle.bean("deliveryLedger", DeliveryLedger.class);
            await().atMost(Duration.ofSeconds(60)).until(() -> delivered(ledger.forOrder(sti), 2)
                    && delivered(ledger.forOrder(lipid), 1));

            assertThat(ledger.forOrder(sti)).extracting(Delivery::destination)
                    .as("one row per destination").containsExactlyInAnyOrder("mllp", "sti-ehr");
            assertThat(ledger.forOrder(lipid)).extracting(Delivery::destination).containsExactly("mllp");
            assertThat(stiEhr.received()).as("only the STI report").hasSize(1);
            assertThat(stiEhr.received().get(0)).contains("|" + sti + "-");
            assertThat(receiver(stiEhr.received().get(0))).isEqualTo("CLINIC_EHR|STI_CLINIC");
            assertThat(firstEhr.received()).as("both reports").hasSize(2)
                    .allSatisfy(m -> assertThat(receiver(m)).isEqualTo("EHR|HOSPITAL"));
            assertThat(firstEhr.received()).anySatisfy(m -> assertThat(m).contains("|" + sti + "-"))
                    .anySatisfy(m -> assertThat(m).contains("|" + lipid + "-"));
        }
    }

    private static boolean delivered(List<Delivery> deliveries, int expected) {
        return deliveries.size() == expected && deliveries.stream().allMatch(d -> d.status() == DeliveryStatus.DELIVERED);
    }
}
