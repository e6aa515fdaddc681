package io.spotlink.bench;

import io.spotlink.SpotlinkApplication;
import io.spotlink.demo.LocalRun;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

/**
 * The whole bundle in a child JVM for the benchmarks: config/ and routes/ as in production, on free loopback ports,
 * its H2 ledger file (durable: Spotlink adds WRITE_DELAY=0), embedded broker and folders in a work folder of its
 * own, results polling off. A child JVM of its own so its heap can be set as the {@code spotlink} script sets it and
 * its resident set read from /proc.
 */
final class BenchBundle implements AutoCloseable {

    static final String API_KEY = "bench-key-Q8w3Er5Ty7Ui9Op2As4Df6";
    static final String JMS_USER = "bench";
    static final String STARTED = "BUNDLE STARTED";
    private static final String CHILD = "bundle";
    private static final Duration START_LIMIT = Duration.ofMinutes(3);

    private final Process process;
    private final long startedNanos;
    private final Path log;
    final int httpPort;
    final int jmsPort;
    final String jmsPassword;

    private BenchBundle(Process process, long startedNanos, Path log, int httpPort, int jmsPort, String jmsPassword) {
        this.process = process;
        this.startedNanos = startedNanos;
        this.log = log;
        this.httpPort = httpPort;
        this.jmsPort = jmsPort;
        this.jmsPassword = jmsPassword;
    }

    /** Starts the child JVM with {@code jvmOptions}; {@code extra} settings win over the benchmark's own. */
    static BenchBundle start(Path dir, String spotUrl, List<String> jvmOptions, Map<String, String> extra)
            throws IOException {
        Files.createDirectories(dir);
        int http = LocalRun.freePort();
        int jms = LocalRun.freePort();
        String password = UUID.randomUUID().toString();
        Map<String, String> settings = settings(dir, spotUrl, http, jms, password);
        settings.putAll(extra);
        Properties file = new Properties();
        file.putAll(settings);
        Path settingsFile = dir.resolve("bench-bundle.properties");
        try (Writer out = Files.newBufferedWriter(settingsFile, StandardCharsets.UTF_8)) {
            file.store(out, "settings of the benchmark's bundle (the JMS password is a throwaway)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-Djava.io.tmpdir=" + Files.createDirectories(dir.resolve("tmp")).toAbsolutePath());
        command.addAll(List.of("-cp", classPath(), BenchBundle.class.getName(), CHILD, settingsFile.toString()));
        Path log = dir.resolve("bundle.log");
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new BenchBundle(process, started, log, http, jms, password);
    }

    /** The benchmark's settings of a bundle in {@code dir}: free ports, its own folders and ledger, no polling. */
    static Map<String, String> settings(Path dir, String spotUrl, int http, int jms, String jmsPassword) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("camel.server.host", "127.0.0.1");
        settings.put("camel.server.port", Integer.toString(http));
        settings.put("spot.api.base-url", spotUrl);
        settings.put("spot.api.key", API_KEY);
        settings.put("spotlink.auth.enabled", "false"); // hospitals' API keys: not measured here
        settings.put("spotlink.ledger.url", "jdbc:h2:file:" + dir.toAbsolutePath().resolve("ledger"));
        settings.put("spotlink.cluster.file.root", dir.resolve("cluster").toAbsolutePath().toString());
        settings.put("spotlink.jms.embedded.data-dir", dir.resolve("artemis").toAbsolutePath().toString());
        settings.put("spotlink.jms.embedded.port", Integer.toString(jms));
        settings.put("spotlink.jms.username", JMS_USER);
        settings.put("spotlink.jms.password", jmsPassword);
        settings.put("spotlink.intake.mllp.host", "127.0.0.1");
        settings.put("spotlink.intake.mllp.port", Integer.toString(LocalRun.freePort()));
        settings.put("spotlink.intake.rejected.directory", dir.resolve("rejected").toAbsolutePath().toString());
        settings.put("spotlink.intake.file.directory", dir.resolve("inbox").toAbsolutePath().toString());
        settings.put("spotlink.results.poll-enabled", "false");
        settings.put("spotlink.deliver.file.directory", dir.resolve("outbox").toAbsolutePath().toString());
        return settings;
    }

    /** The JVM options the {@code spotlink} script starts the bundle with: config/jvm.options, one a line. */
    static List<String> productionJvmOptions() throws IOException {
        Path file = Path.of(SpotlinkApplication.configDir(), "jvm.options");
        if (!Files.exists(file)) {
            return List.of();
        }
        return Files.readAllLines(file).stream().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }

    /** Entry point of the child JVM. */
    public static void main(String[] args) throws Exception {
        Properties file = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of(args[1]), StandardCharsets.UTF_8)) {
            file.load(in);
        }
        Map<String, String> overrides = new LinkedHashMap<>();
        file.stringPropertyNames().forEach(key -> overrides.put(key, file.getProperty(key)));
        SpotlinkApplication.create(overrides).start();
        System.out.println(STARTED);
        new CountDownLatch(1).await();
    }

    /**
     * Polls the HTTP port until it answers (any status) and returns the time from the process start to that
     * answer: what an operator waits for after {@code spotlink run}.
     */
    Duration awaitFirstHttpAnswer() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/orders/bench-probe"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = startedNanos + START_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            alive();
            if (listening()) {
                try {
                    http.send(probe, HttpResponse.BodyHandlers.discarding());
                    return Duration.ofNanos(System.nanoTime() - startedNanos);
                } catch (IOException notYet) {
                    // the port is bound before the routes answer
                }
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("the bundle did not answer HTTP; see " + log);
    }

    /** Waits for the child's line saying every route has started. */
    void awaitStarted() throws Exception {
        long deadline = startedNanos + START_LIMIT.toNanos();
        while (!Files.exists(log) || !Files.readString(log, StandardCharsets.ISO_8859_1).contains(STARTED)) {
            alive();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the bundle JVM did not start; see " + log);
            }
            Thread.sleep(50);
        }
    }

    void alive() {
        if (!process.isAlive()) {
            throw new IllegalStateException("the bundle JVM died; see " + log);
        }
    }

    private boolean listening() {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), httpPort)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    long pid() {
        return process.pid();
    }

    /** CPU time the bundle has used (user + system), in seconds; -1 without /proc. */
    double cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            // fields after the command name (which may hold spaces, hence the last ')'): utime is 14th, stime 15th
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) CLOCK_TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** USER_HZ of Linux's /proc/<pid>/stat: 100 on every mainstream kernel build. */
    private static final int CLOCK_TICKS_PER_SECOND = 100;

    /** Peak resident set (VmHWM) in kB, -1 without /proc. */
    long peakRssKb() {
        return procStatus("VmHWM:");
    }

    /** Current resident set (VmRSS) in kB, -1 without /proc. */
    long rssKb() {
        return procStatus("VmRSS:");
    }

    private long procStatus(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    /** SIGTERM, so a JFR recording asked for with --bundle-jvm is written; SIGKILL after 30 s. */
    void stopGracefully() throws InterruptedException {
        process.destroy();
        process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** The figures are taken: no graceful stop to wait for. */
    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** This JVM's class path with absolute entries, so the child finds it from any folder. */
    private static String classPath() {
        return String.join(java.io.File.pathSeparator, java.util.Arrays.stream(System.getProperty("java.class.path")
                .split(java.io.File.pathSeparator)).map(e -> Path.of(e).toAbsolutePath().toString()).toList());
    }
}
