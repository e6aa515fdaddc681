package io.spotlink.sim;

import io.spotlink.config.Settings;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * {@code spotlink sim}: runs the simulator alone. Settings come from config/simulator.properties (folder:
 * spotlink.config-dir or SPOTLINK_CONFIG_DIR), then the environment as for {@code spotlink run} (each key upper-cased,
 * dots and dashes as underscores: SIM_PORT, SIM_VARIANTS, SIM_FAULT_ERROR_RATE, ...), then -Dsim.* options.
 */
public final class SimulatorMain {

    private SimulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        SpotSimulator sim = start(System.getenv(), System.getProperties());
        System.out.println("Spot simulator on " + sim.baseUrl() + " (API key from sim.api-key or SPOT_API_KEY)");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sim.close();
            stopped.countDown();
        }));
        stopped.await();
    }

    /** Starts a simulator configured by the file, {@code env} and {@code systemProperties}, in that order. */
    public static SpotSimulator start(Map<String, String> env, Properties systemProperties) {
        return SpotSimulator.start(SimulatorConfig.fromProperties(settings(configDir(env, systemProperties), env,
                systemProperties)));
    }

    static Properties settings(Path configDir, Map<String, String> env, Properties systemProperties) {
        Properties props = new Properties();
        Path file = configDir.resolve("simulator.properties");
        if (Files.exists(file)) {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                props.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + file, e);
            }
        }
        for (String key : SimulatorConfig.KEYS) {
            String value = env.get(Settings.environmentName(key));
            if (value != null) {
                props.setProperty(key, value);
            }
        }
        String apiKey = env.get("SPOT_API_KEY");
        if (apiKey != null && props.getProperty("sim.api-key", "").isBlank()) {
            props.setProperty("sim.api-key", apiKey); // the key the bundle sends, so both sides agree by default
        }
        systemProperties.stringPropertyNames().stream().filter(k -> k.startsWith("sim."))
                .forEach(k -> props.setProperty(k, systemProperties.getProperty(k)));
        return props;
    }

    private static Path configDir(Map<String, String> env, Properties systemProperties) {
        String fromProperty = systemProperties.getProperty("spotlink.config-dir");
        String fromEnv = env.get("SPOTLINK_CONFIG_DIR");
        return Path.of(fromProperty != null ? fromProperty : fromEnv != null && !fromEnv.isBlank() ? fromEnv : "config");
    }
}
