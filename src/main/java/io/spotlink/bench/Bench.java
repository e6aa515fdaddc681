package io.spotlink.bench;

import io.spotlink.demo.LocalRun;
import io.spotlink.sim.SimulatorConfig;
import io.spotlink.sim.SpotSimulator;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * {@code ./spotlink bench}: every path beside its limit in the same run, written into docs/benchmarks.md between
 * its own marks. Paths: http (POST /orders at 16 and 64 connections against the simulator direct, plus start-up to
 * the first HTTP answer and the resident set under load), oru (build + encode against HAPI's bare encode), mllp
 * (delivery with ACK and ledger against a bare send/ACK loop), backlog (a 10,000-ORU backlog drained by the
 * bundle's own dispatcher over 1,000,000 delivered rows, against the same bare loop), ledger (the dispatcher's ledger
 * steps alone per ORU over 1,000,000 delivered rows, against an empty ledger), jms (intake against the broker's own
 * rate) and files (a 50,000-row CSV). Options: {@link #USAGE}; any other is refused.
 */
public final class Bench {

    static final String BEGIN = "<!-- bench:begin: written by ./spotlink bench, edit outside these marks -->";
    static final String END = "<!-- bench:end -->";
    private static final List<String> ALL_PATHS = List.of("http", "oru", "mllp", "backlog", "ledger", "jms", "files");
    /** Every option; anything else is refused, so a mistyped one never starts an hour-long full run. */
    private static final Set<String> OPTIONS = Set.of("quick", "paths", "seconds", "connections", "oru", "history",
            "backlog", "jms", "rows", "out", "work", "bundle-jvm");
    static final String USAGE = """
            usage: ./spotlink bench [--quick] [--paths %s] [--seconds N]
                                    [--connections 16,64] [--oru N] [--history N] [--backlog N] [--jms N] [--rows N]
                                    [--out FILE|-] [--work DIR] [--bundle-jvm "OPTIONS"]
              Runs each path beside its limit and writes the table into docs/benchmarks.md (--out - prints only).
              --quick: a smoke run of seconds with small sizes. Without --paths every path runs (about 45 minutes)."""
            .formatted(String.join(",", ALL_PATHS));

    private final Map<String, String> options;
    private final boolean quick;
    private final Path work;

    Bench(Map<String, String> options) throws java.io.IOException {
        this.options = options;
        this.quick = options.containsKey("quick");
        this.work = options.containsKey("work") ? Files.createDirectories(Path.of(options.get("work")))
                : Files.createTempDirectory("spotlink-bench-");
        for (String path : ALL_PATHS) {
            LocalRun.deleteRecursively(work.resolve(path)); // a fresh ledger for every run
        }
    }

    public static void main(String[] args) throws Exception {
        List<String> given = Arrays.asList(args);
        if (given.contains("--help") || given.contains("-h")) {
            System.out.println(USAGE);
            return;
        }
        // The JDK's HTTP server (the simulator) waits for a delayed ACK on every answer unless told otherwise.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        Result result = new Bench(parse(args)).run("./spotlink bench" + (args.length == 0 ? "" : " "
                + String.join(" ", args)));
        System.out.println(result.markdown());
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unknown argument " + args[i]);
            }
            String key = args[i].substring(2);
            if (!OPTIONS.contains(key)) {
                throw new IllegalArgumentException("unknown option --" + key + "\n" + USAGE);
            }
            boolean flag = i + 1 >= args.length || args[i + 1].startsWith("--");
            options.put(key, flag ? "true" : args[++i]);
        }
        return options;
    }

    /** What a run measured, and where it wrote it. */
    record Result(String command, String machine, String loadAtStart, String loadAtEnd, Instant when,
                  List<Figure> figures) {

        String markdown() {
            StringBuilder md = new StringBuilder();
            md.append(BEGIN).append("\n## Side by side: `./spotlink bench`\n\n");
            md.append("Each path beside its limit, measured in the same run. Command:\n\n```\n").append(command)
                    .append("\n```\n\n");
            md.append("Machine: ").append(machine).append(". Run ").append(when).append("; load average (1, 5, 15 "
                    + "min) at start ").append(loadAtStart).append(", at end ").append(loadAtEnd)
                    .append(" (the 2 cores are shared with other developers' builds: the last column is the 1-min "
                            + "load average when each figure was taken).\n\n");
            md.append("| path | figure | limit beside it (same run) | ratio | goal | | load |\n");
            md.append("| --- | --- | --- | ---: | --- | --- | ---: |\n");
            figures.forEach(f -> md.append(f.row()).append('\n'));
            return md.append(END).append('\n').toString();
        }
    }

    Result run(String command) throws Exception {
        String loadAtStart = Machine.loadAverage();
        Instant when = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Set<String> paths = Set.copyOf(Arrays.asList(options.getOrDefault("paths", String.join(",", ALL_PATHS))
                .split(",")));
        List<String> unknown = paths.stream().filter(p -> !ALL_PATHS.contains(p)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown path(s) " + unknown + "; the paths are " + ALL_PATHS);
        }
        List<Figure> figures = new ArrayList<>();
        Properties simSettings = new Properties();
        simSettings.setProperty("sim.port", "0");
        simSettings.setProperty("sim.api-key", BenchBundle.API_KEY);
        try (SpotSimulator spot = SpotSimulator.start(SimulatorConfig.fromProperties(simSettings))) {
            if (paths.contains("http") || paths.contains("jms")) {
                figures.addAll(bundlePaths(spot, paths));
            }
            OruPath oru = paths.contains("oru") || paths.contains("mllp") || paths.contains("backlog")
                    || paths.contains("ledger") ? OruPath.fromSimulator() : null;
            if (paths.contains("oru")) {
                figures.add(oru.run(seconds(quick ? 0.3 : 2), seconds(quick ? 0.2 : 1), quick ? 3 : 5));
            }
            if (paths.contains("mllp")) {
                figures.add(new MllpDeliveryPath(work.resolve("mllp"), spot.baseUrl(), oru.render("BENCH-1"))
                        .run(number("oru", quick ? 200 : 20_000), seconds(quick ? 0.5 : 3)));
            }
            if (paths.contains("backlog")) {
                figures.add(new DeliveryBacklogPath(work.resolve("backlog"), spot.baseUrl(), oru.render("BENCH-2"))
                        .run(number("history", quick ? 20_000 : 1_000_000), number("backlog", quick ? 400 : 10_000),
                                seconds(quick ? 0.5 : 3)));
            }
            if (paths.contains("ledger")) {
                figures.add(new DeliveryLedgerPath(work.resolve("ledger"), oru.render("BENCH-3"))
                        .run(number("history", quick ? 20_000 : 1_000_000), number("backlog", quick ? 400 : 10_000)));
            }
        }
        if (paths.contains("files")) {
            figures.add(files(number("rows", quick ? 300 : 50_000)));
        }
        Result result = new Result(command, Machine.describe(), loadAtStart, Machine.loadAverage(), when, figures);
        String out = options.getOrDefault("out", "docs/benchmarks.md");
        if (!out.equals("-")) {
            write(Path.of(out), result.markdown());
        }
        return result;
    }

    /** HTTP intake, start-up, JMS intake and the resident set: one bundle in a child JVM, started as in production. */
    private List<Figure> bundlePaths(SpotSimulator spot, Set<String> paths) throws Exception {
        List<Figure> figures = new ArrayList<>();
        List<String> jvm = new ArrayList<>(BenchBundle.productionJvmOptions());
        if (options.containsKey("bundle-jvm")) { // e.g. a JFR recording: --bundle-jvm -XX:StartFlightRecording=...
            jvm.addAll(List.of(options.get("bundle-jvm").split(" ")));
        }
        try (BenchBundle bundle = BenchBundle.start(work.resolve("http"), spot.baseUrl(), jvm, Map.of())) {
            Duration startUp = bundle.awaitFirstHttpAnswer();
            figures.add(Figure.of("start-up to the first HTTP answer", String.format(Locale.ROOT, "%.2f s (child "
                    + "JVM, from process start; JVM options of config/jvm.options)", startUp.toNanos() / 1e9), "",
                    "", "<= 3 s", startUp.compareTo(Duration.ofSeconds(3)) <= 0));
            bundle.awaitStarted();
            figures.add(idleCpu(bundle, seconds(quick ? 1 : 20)));
            long rssStarted = bundle.rssKb();
            if (paths.contains("http")) {
                HttpIntakePath http = new HttpIntakePath(spot, bundle);
                http.warmUp(seconds(quick ? 0.3 : 2));
                List<Integer> connections = Arrays.stream(options.getOrDefault("connections", "16,64").split(","))
                        .map(Integer::parseInt).toList();
                figures.addAll(http.run(connections, seconds(Double.parseDouble(options.getOrDefault("seconds",
                        quick ? "1" : "5")))));
            }
            if (paths.contains("jms")) {
                figures.add(new JmsIntakePath(spot, bundle).run(number("jms", quick ? 50 : 2000)));
            }
            long peak = bundle.peakRssKb();
            figures.add(Figure.of("RSS under load (bundle JVM)", String.format(Locale.ROOT, "peak (VmHWM) %d MB, "
                    + "now (VmRSS) %d MB, after start %d MB", peak / 1024, bundle.rssKb() / 1024, rssStarted / 1024),
                    "", "", "<= 400 MB", peak <= 400 * 1024));
            if (options.containsKey("bundle-jvm")) {
                bundle.stopGracefully();
            }
        }
        return figures;
    }

    /**
     * CPU the started bundle uses with nothing to do (its delivery timer and the embedded broker at their shipped
     * settings; the result poll is off in the bench bundle), as a share of one core over the window.
     */
    private static Figure idleCpu(BenchBundle bundle, Duration window) throws InterruptedException {
        Thread.sleep(window.toMillis() / 4); // start-up's own work settles first
        double before = bundle.cpuSeconds();
        Thread.sleep(window.toMillis());
        double used = bundle.cpuSeconds() - before;
        double share = 100 * used / (window.toNanos() / 1e9);
        return Figure.of("idle bundle CPU", String.format(Locale.ROOT, "%.2f%% of one core (%.2f s CPU in %.0f s, "
                + "nothing to receive or deliver)", share, used, window.toNanos() / 1e9), "", "", "< 2% of a core",
                before >= 0 && share < 2);
    }

    private Figure files(int rows) throws Exception {
        Map<String, String> fileOptions = Map.of("work", work.resolve("files").toString());
        FileIntakeBench.Run run = new FileIntakeBench(fileOptions).runFile("csv-" + rows, rows, 8, Duration.ZERO,
                "256m");
        if (run.created() != rows) {
            throw new IllegalStateException("file intake: " + run.created() + " of " + rows + " rows created");
        }
        return Figure.only("file intake, " + String.format(Locale.ROOT, "%,d", rows) + "-row CSV",
                String.format(Locale.ROOT, "%,.0f rows/s (%.1f s; bundle JVM -Xmx256m, peak RSS %d MB)",
                        run.rowsPerSecond(), run.took().toNanos() / 1e9, run.peakRssKb() / 1024));
    }

    /** Replaces this benchmark's section of {@code file} (or puts it after the title) and keeps the rest. */
    static void write(Path file, String section) throws java.io.IOException {
        String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "# Benchmarks\n";
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        String updated;
        if (begin >= 0 && end > begin) {
            updated = text.substring(0, begin) + section + text.substring(Math.min(text.length(), end + END.length() + 1));
        } else {
            int afterTitle = text.startsWith("# ") ? text.indexOf('\n') + 1 : 0;
            updated = text.substring(0, afterTitle) + "\n" + section + text.substring(afterTitle);
        }
        Files.writeString(file, updated, StandardCharsets.UTF_8);
    }

    private int number(String key, int fallback) {
        return Integer.parseInt(options.getOrDefault(key, Integer.toString(fallback)));
    }

    private static Duration seconds(double s) {
        return Duration.ofMillis((long) (s * 1000));
    }
}
