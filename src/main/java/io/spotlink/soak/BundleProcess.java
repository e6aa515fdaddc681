package io.spotlink.soak;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The bundle as a child process, as it runs in production: {@code java -cp <this classpath>
 * io.spotlink.SpotlinkCli run}, configured by environment variables only, output appended to a log file.
 * {@link #kill()} is a SIGKILL: no shutdown hook, no flush.
 */
final class BundleProcess {

    private final Process process;
    private final int httpPort;

    private BundleProcess(Process process, int httpPort) {
        this.process = process;
        this.httpPort = httpPort;
    }

    static BundleProcess start(Map<String, String> env, Path workDir, Path log, int httpPort) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx512m", "-XX:+UseSerialGC", "-Djava.io.tmpdir=" + workDir.resolve("tmp"),
                "-cp", SharedServices.classPath(), "io.spotlink.SpotlinkCli", "run"));
        Files.createDirectories(workDir.resolve("tmp"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        return new BundleProcess(builder.start(), httpPort);
    }

    /**
     * Waits until the bundle's order lookup route answers (its JSON 404 for an unknown order): the HTTP server itself
     * answers 404 before the routes behind it have started. False if it died or the limit passed.
     */
    boolean awaitReady(Duration limit) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/orders/soak-probe"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                HttpResponse<String> answer = http.send(probe, HttpResponse.BodyHandlers.ofString());
                if (answer.body().contains("no order")) {
                    return true;
                }
                Thread.sleep(200);
            } catch (IOException e) {
                Thread.sleep(200);
            }
        }
        return false;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL, and wait for the process to be gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM (Camel stops gracefully), then SIGKILL if it takes too long. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(45, TimeUnit.SECONDS)) {
            kill();
        }
    }
}
