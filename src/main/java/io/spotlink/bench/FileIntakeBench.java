package io.spotlink.bench;

import io.spotlink.demo.LocalRun;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.spotlink.SpotlinkApplication;
import io.spotlink.sim.SimulatorConfig;
import io.spotlink.sim.SpotSimulator;
import io.spotlink.spot.SpotJson;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

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

    private static final String API_KEY = "bench-key-Q8w3Er5Ty7Ui9Op2As4Df6";
    private static final String BUNDLE = "bundle";
    private static final Duration BUNDLE_START = Duration.ofMinutes(3);
    private static final String CSV_HEADER = "order_id,test_codes,first_name,last_name,email,phone,street1,city,"
            + "state,country,zip,mrn,dob,sex\n";

    private final Map<String, String> options;
    private final Path work;

    private FileIntakeBench(Map<String, String> options) throws IOException {
        this.options = options;
        this.work = options.containsKey("work") ? Files.createDirectories(Path.of(options.get("work")))
                : Files.createTempDirectory("spotlink-bench-files-");
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && BUNDLE.equals(args[0])) {
            runBundle(args);
            return;
        }
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
        System.out.println("command: " + ProcessHandle.current().info().commandLine().orElse("(unknown)"));
        System.out.println("machine: " + Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + ", "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        System.out.println("load average at start (1, 5, 15 min; the machine may be shared): " + loadAverage());
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
        System.out.println("load average at end: " + loadAverage());
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + ", " + fields[1] + ", " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "(no /proc/loadavg)";
        }
    }

    /** What one file's run measured. */
    private record Run(int rows, Duration took, long created, long existing, long peakRssKb, String heap) {
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
    private Run runFile(String name, int rows, int concurrency, Duration latency, String heap) throws Exception {
        Path dir = Files.createDirectories(work.resolve(name));
        Path inbox = Files.createDirectories(dir.resolve("inbox"));
        Properties sim = new Properties();
        sim.setProperty("sim.port", "0");
        sim.setProperty("sim.api-key", API_KEY);
        sim.setProperty("sim.fault.latency", latency.toString());
        try (SpotSimulator spot = SpotSimulator.start(SimulatorConfig.fromProperties(sim))) {
            Path log = dir.resolve("bundle.log");
            Process bundle = startBundle(dir, spot.baseUrl(), concurrency, heap, log);
            try {
                awaitLine(bundle, log, "BUNDLE STARTED");
                String file = name + ".csv";
                writeCsv(inbox.resolve(file + ".tmp"), name.toUpperCase(Locale.ROOT), rows);
                long started = System.nanoTime();
                Files.move(inbox.resolve(file + ".tmp"), inbox.resolve(file));
                Path done = inbox.resolve(".done").resolve(file);
                while (!Files.exists(done)) {
                    if (!bundle.isAlive()) {
                        throw new IllegalStateException("the bundle JVM died; see " + log);
                    }
                    Thread.sleep(50);
                }
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                long peakRss = peakRssKb(bundle.pid());
                Map<String, Long> summary = ackSummary(inbox.resolve(".ack").resolve(file + ".ack.json"));
                return new Run(rows, took, summary.getOrDefault("created", -1L),
                        summary.getOrDefault("existing", -1L), peakRss, heap);
            } finally {
                // The figures are taken: no graceful stop to wait for.
                bundle.destroyForcibly().waitFor();
            }
        }
    }

    private static Process startBundle(Path dir, String spotUrl, int concurrency, String heap, Path log)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx" + heap, "-cp", System.getProperty("java.class.path"),
                FileIntakeBench.class.getName(), BUNDLE, dir.toString(), spotUrl, Integer.toString(concurrency)));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** The child JVM: the whole bundle as in production, on free ports, its results polling off. */
    private static void runBundle(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("camel.server.host", "127.0.0.1");
        overrides.put("camel.server.port", Integer.toString(LocalRun.freePort()));
        overrides.put("spot.api.base-url", args[2]);
        overrides.put("spot.api.key", API_KEY);
        overrides.put("spotlink.auth.enabled", "false"); // files need no API key; the bench measures files
        overrides.put("spotlink.ledger.url", "jdbc:h2:file:" + dir.resolve("ledger"));
        overrides.put("spotlink.cluster.file.root", dir.resolve("cluster").toString());
        overrides.put("spotlink.jms.embedded.data-dir", dir.resolve("artemis").toString());
        overrides.put("spotlink.jms.embedded.port", Integer.toString(LocalRun.freePort()));
        overrides.put("spotlink.intake.mllp.enabled", "false");
        overrides.put("spotlink.intake.rejected.directory", dir.resolve("rejected").toString());
        overrides.put("spotlink.intake.file.directory", dir.resolve("inbox").toString());
        overrides.put("spotlink.intake.files.poll-interval", "200");
        overrides.put("spotlink.intake.files.min-age", "200");
        overrides.put("spotlink.intake.files.concurrency", args[3]);
        overrides.put("spotlink.intake.files.max-bytes", Long.toString(2L << 30));
        overrides.put("spotlink.results.poll-enabled", "false");
        overrides.put("spotlink.deliver.file.directory", dir.resolve("outbox").toString());
        SpotlinkApplication.create(overrides).start();
        System.out.println("BUNDLE STARTED");
        new CountDownLatch(1).await();
    }

    private static void awaitLine(Process process, Path log, String line) throws Exception {
        long deadline = System.nanoTime() + BUNDLE_START.toNanos();
        while (!Files.exists(log) || !Files.readString(log, StandardCharsets.ISO_8859_1).contains(line)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the bundle JVM did not start; see " + log);
            }
            Thread.sleep(100);
        }
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

    /** VmHWM of /proc/PID/status: the peak resident set of the process, in kB (-1 where there is no /proc). */
    private static long peakRssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
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
