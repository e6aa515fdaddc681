package io.spotlink.bench;

import ca.uhn.hl7v2.model.v251.message.ORU_R01;
import io.spotlink.SpotlinkApplication;
import io.spotlink.intake.CanonicalJson;
import io.spotlink.oru.CodeMappings;
import io.spotlink.oru.HospitalOrderContext;
import io.spotlink.oru.OruBuilder;
import io.spotlink.oru.OruInput;
import io.spotlink.oru.OruSettings;
import io.spotlink.sim.MutableClock;
import io.spotlink.sim.SimulatorConfig;
import io.spotlink.sim.SpotSimulator;
import io.spotlink.spot.SpotJson;
import io.spotlink.spot.model.Kit;
import io.spotlink.spot.model.Order;

import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * ORU build + encode as the delivery path renders it ({@link OruBuilder#build} then {@link OruBuilder#encode}, the
 * oru.* settings of config/application.properties and the code tables of config/) against HAPI's bare encode of
 * the same built message. The report is a resulted order of the simulator, read as Spotlink reads it. Warmed
 * loop: rounds of each in turn, the median round counts.
 */
final class OruPath {

    private final OruInput input;
    private final OruSettings settings;
    private final OruBuilder builder;

    private OruPath(OruInput input, OruSettings settings, OruBuilder builder) {
        this.input = input;
        this.settings = settings;
        this.builder = builder;
    }

    /** A resulted order from a simulator of its own (its clock moved on 60 days), and the production settings. */
    static OruPath fromSimulator() throws Exception {
        Properties simSettings = new Properties();
        simSettings.setProperty("sim.port", "0");
        simSettings.setProperty("sim.api-key", BenchBundle.API_KEY);
        simSettings.setProperty("sim.amendment-rate", "0");
        MutableClock clock = new MutableClock(Instant.parse("2026-01-05T09:00:00Z"));
        Order order;
        try (SpotSimulator sim = SpotSimulator.start(SimulatorConfig.fromProperties(simSettings).withClock(clock))) {
            String id = sim.seedOrders(1, HttpIntakePath.SPOT_CREATE_BODY).get(0);
            clock.advance(Duration.ofDays(60));
            String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sim.baseUrl()
                    + "/api/v2/orders/" + id + "/")).header("Authorization", "Token " + BenchBundle.API_KEY).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            order = SpotJson.mapper().readValue(body, Order.class);
        }
        Kit kit = order.kits().stream().filter(k -> k.sample() != null && !k.sample().reports().isEmpty())
                .findFirst().orElseThrow(() -> new IllegalStateException("the simulator's order has no report"));
        HospitalOrderContext hospital = HospitalOrderContext.of(CanonicalJson.read(
                HttpIntakePath.hospitalOrder("ORU-BENCH-1")));
        OruInput input = new OruInput(order, kit, kit.sample().reports().get(0), hospital);
        Path config = Path.of(SpotlinkApplication.configDir());
        return new OruPath(input, OruSettings.fromProperties(oruProperties(config), "mllp"),
                new OruBuilder(CodeMappings.load(config)));
    }

    private static Properties oruProperties(Path config) throws java.io.IOException {
        Properties all = new Properties();
        try (Reader in = Files.newBufferedReader(config.resolve("application.properties"), StandardCharsets.UTF_8)) {
            all.load(in);
        }
        Properties oru = new Properties();
        all.stringPropertyNames().stream().filter(k -> k.startsWith(OruSettings.PREFIX))
                .forEach(k -> oru.setProperty(k, all.getProperty(k)));
        return oru;
    }

    /** One ORU as the renderer makes it, with a fresh control id. */
    String render(String controlId) {
        return builder.encode(builder.build(input, settings, controlId, Instant.now()));
    }

    Figure run(Duration warmUp, Duration round, int rounds) {
        ORU_R01 built = builder.build(input, settings, "BENCH-1", Instant.now());
        String expected = builder.encode(built);
        Supplier<String> full = () -> render("BENCH-1");
        Supplier<String> bare = () -> {
            try {
                return built.getParser().encode(built);
            } catch (ca.uhn.hl7v2.HL7Exception e) {
                throw new IllegalStateException(e);
            }
        };
        if (!bare.get().equals(expected) || full.get().length() != expected.length()) {
            throw new IllegalStateException("the bare encode and the rendered ORU differ");
        }
        rate(full, warmUp);
        rate(bare, warmUp);
        List<Double> fullRates = new ArrayList<>();
        List<Double> bareRates = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            fullRates.add(rate(full, round));
            bareRates.add(rate(bare, round));
        }
        double f = median(fullRates);
        double b = median(bareRates);
        return Figure.of("ORU build + encode", String.format(Locale.ROOT, "%,.0f ORU/s (median of %d rounds of "
                + "%.1f s; %d segments, %,d bytes)", f, rounds, round.toNanos() / 1e9, expected.split("\r").length,
                expected.length()), String.format(Locale.ROOT, "HAPI's bare encode of the same message: %,.0f/s",
                b), HttpIntakePath.percent(f / b), ">= 80%", f / b >= 0.8);
    }

    private static double rate(Supplier<String> work, Duration duration) {
        long started = System.nanoTime();
        long deadline = started + duration.toNanos();
        long count = 0;
        int sink = 0;
        while (System.nanoTime() < deadline) {
            sink += work.get().length();
            count++;
        }
        if (sink == 42) {
            System.out.print(""); // keeps the results alive for the JIT
        }
        return count / ((System.nanoTime() - started) / 1e9);
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
