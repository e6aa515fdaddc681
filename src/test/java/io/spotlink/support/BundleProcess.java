package io.spotlink.support;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The bundle in a JVM of its own, as {@link RunningBundle} starts it, so a test can really kill it (SIGKILL with
 * {@code Process.destroyForcibly()}). Arguments: work folder, Spot base URL, API key, then {@code key=value}
 * overrides. Runs until killed.
 */
public final class BundleProcess {

    private BundleProcess() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> overrides = new HashMap<>();
        for (int i = 3; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            overrides.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        RunningBundle.start(Path.of(args[0]), args[1], args[2], overrides);
        System.out.println("BUNDLE STARTED");
        new CountDownLatch(1).await();
    }

    /** Starts it; its output goes to {@code log}. */
    public static Process start(Path workDir, String spotBaseUrl, String apiKey, Map<String, String> overrides,
                                Path log) throws Exception {
        var command = new java.util.ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(BundleProcess.class.getName());
        command.add(workDir.toString());
        command.add(spotBaseUrl);
        command.add(apiKey);
        overrides.forEach((k, v) -> command.add(k + "=" + v));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
