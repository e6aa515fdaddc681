package io.spotlink.bench;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.spotlink.sim.SimulatorConfig;
import io.spotlink.sim.SpotSimulator;
import io.spotlink.spot.SpotJson;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Benchmarks of order-file intake (docs/benchmarks.md, "Order files"). The bundle runs in a child JVM of its own
 * (so its heap can be capped and its peak RSS read from /proc), the Spot simulator in this one. Two runs:
 * <ul>
 *   <li>{@code memory}: one CSV of {@code --rows} (1,000,000) orders under {@code --heap} (256m): rows/s and the
 *   child's VmHWM (peak resident set);</li>
 *   <li>{@code latency}: one CSV of {@code --latency-rows} (5,000) orders with {@code --latency-ms} (100) of Spot
 *   latency, once with {@code --concurrency} (8) and once one row at a time: rows/s of both and their ratio.</li>
 * </ul>
 * Usage: {@code java -cp target/spotlink.jar io.spotlink.bench.FileIntakeBench [memory|latency|all] [--rows N]
 * [--heap 256m] [--latency-rows N] [--latency-ms N] [--concurrency N] [--work DIR]}, or
 * {@code ./spotlink bench-files ...}. Prints its figures with the command that made them and the machine.
 */
public final class FileIntakeBench {

    private static final String CSV_HEADER = "order_id,test_codes,first_name,last_name,email,phone,street1,city,"
            + "state,country,zip,mrn,dob,sex\n";

    private final Map<String, String> options;
    private final Path work;

    FileIntakeBench(Map<String, String> options) throws IOException {
        this.options = options;
        this.work = options.containsKey("work") ? Files.createDirectories(Path.of(options.get("work")))
                : Files.createTempDirectory("spotlink-bench-files-");
    }

    public static void main(String[] args) throws Exception {
        String scenario = args.length > 0 && !args[0].startsWith("--") ? args[0] : "all";
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].startsWith("--")) {
                options.put(args[i].substring(2), args[++i]);
            }
        }
        // The JDK's HTTP server waits for a delayed ACK on every answer unless told otherwise (toolchain.md).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        new FileIntakeBench(options).run(scenario);
    }

    private void run(String scenario) throws Exception {
        System.out.println("# Order files benchmark");
        System.out.println("command: " + Machine.command());
        System.out.println("machine: " + Machine.describe());
        System.out.println("load average at start (1, 5, 15 min; the machine may be shared): " + Machine.loadAverage());
        System.out.println("work folder: " + work);
        if (scenario.equals("memory") || scenario.equals("all")) {
            int rows = Integer.parseInt(options.getOrDefault("rows", "1000000"));
            String heap = options.getOrDefault("heap", "256m");
            Run run = runFile("memory", rows, 8, Duration.ZERO, heap);
            System.out.printf(Locale.ROOT, "memory: %,d rows under -Xmx%s: %s%n", rows, heap, run);
        }
        if (scenario.equals("latency") || scenario.equals("all")) {
            int rows = Integer.parseInt(options.getOrDefault("latency-rows", "5000"));
            int concurrency = Integer.parseInt(options.getOrDefault("concurrency", "8"));
            Duration latency = Duration.ofMillis(Long.parseLong(options.getOrDefault("latency-ms", "100")));
            Run parallel = runFile("latency-c" + concurrency, rows, concurrency, latency, "256m");
            System.out.printf(Locale.ROOT, "latency %d ms, concurrency %d: %,d rows: %s%n", latency.toMillis(),
                    concurrency, rows, parallel);
            Run serial = runFile("latency-c1", rows, 1, latency, "256m");
            System.out.printf(Locale.ROOT, "latency %d ms, concurrency 1: %,d rows: %s%n", latency.toMillis(), rows,
                    serial);
            System.out.printf(Locale.ROOT, "latency %d ms: concurrency %d is %.1fx concurrency 1%n",
                    latency.toMillis(), concurrency, parallel.rowsPerSecond() / serial.rowsPerSecond());
        }
        System.out.println("load average at end: " + Machine.loadAverage());
    }

    /** What one file's run measured. */
    record Run(int rows, Duration took, long created, long existing, long peakRssKb, String heap) {
        double rowsPerSecond() {
            return rows / (took.toNanos() / 1e9);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.1f s, %.0f rows/s, ack: %d created + %d existing, bundle JVM "
                    + "(-Xmx%s) peak RSS (VmHWM) %.0f MB", took.toNanos() / 1e9, rowsPerSecond(), created, existing,
                    heap, peakRssKb / 1024.0);
        }
    }

    /** One bundle in a child JVM, one file dropped into its inbox, timed from the drop to its move to .done. */
    Run runFile(String name, int rows, int concurrency, Duration latency, String heap) throws Exception {
        Path dir = Files.createDirectories(work.resolve(name));
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        Properties sim = new Properties();
        sim.setProperty("sim.port", "0");
        sim.setProperty("sim.api-key", BenchBundle.API_KEY);
        sim.setProperty("sim.fault.latency", latency.toString());
        try (SpotSimulator spot = SpotSimulator.start(SimulatorConfig.fromProperties(sim));
             BenchBundle bundle = BenchBundle.start(dir, spot.baseUrl(), List.of("-Xmx" + heap),
                     fileSettings(inbox, concurrency))) {
            bundle.awaitStarted();
            String file = name + ".csv";
            writeCsv(inbox.resolve(file + ".tmp"), name.toUpperCase(Locale.ROOT), rows);
            long started = System.nanoTime();
            Files.move(inbox.resolve(file + ".tmp"), inbox.resolve(file));
            Path done = inbox.resolve(".done").resolve(file);
            while (!Files.exists(done)) {
                bundle.alive();
                Thread.sleep(50);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            long peakRss = bundle.peakRssKb();
            Map<String, Long> summary = ackSummary(inbox.resolve(".ack").resolve(file + ".ack.json"));
            return new Run(rows, took, summary.getOrDefault("created", -1L),
                    summary.getOrDefault("existing", -1L), peakRss, heap);
        }
    }

    /** The file intake's settings: a short poll, the given row concurrency, max-bytes raised for the big file. */
    private static Map<String, String> fileSettings(Path inbox, int concurrency) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("spotlink.intake.mllp.enabled", "false");
        settings.put("spotlink.intake.file.directory", inbox.toAbsolutePath().toString());
        settings.put("spotlink.intake.files.poll-interval", "200");
        settings.put("spotlink.intake.files.min-age", "200");
        settings.put("spotlink.intake.files.concurrency", Integer.toString(concurrency));
        settings.put("spotlink.intake.files.max-bytes", Long.toString(2L << 30));
        return settings;
    }

    /** Rows of valid orders, written as they are generated. */
    private static void writeCsv(Path path, String prefix, int rows) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
            out.write(CSV_HEADER);
            for (int i = 1; i <= rows; i++) {
                out.write(prefix + "-" + i + ",LIPID,Zerelda,Quigglesworth,bench-" + i + "@example.org,4155550187,"
                        + "742 Evergreen Terrace,San Francisco,CA,US,94105,MRN-" + i + ",1984-07-19,F\n");
            }
        }
    }

    /** The ack's summary numbers, read by streaming (a large ack is never held in memory). */
    private static Map<String, Long> ackSummary(Path ack) throws IOException {
        Map<String, Long> summary = new HashMap<>();
        try (JsonParser json = SpotJson.mapper().getFactory().createParser(ack.toFile())) {
            json.nextToken();
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                json.nextToken();
                if (!"summary".equals(field)) {
                    json.skipChildren();
                    continue;
                }
                while (json.nextToken() == JsonToken.FIELD_NAME) {
                    String key = json.currentName();
                    if (json.nextToken() == JsonToken.VALUE_NUMBER_INT) {
                        summary.put(key, json.getLongValue());
                    }
                }
            }
        }
        return summary;
    }
}
