package io.spotlink.sim;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/** {@code spotlink sim}: runs the simulator alone, configured by config/simulator.properties and -Dsim.* options. */
public final class SimulatorMain {

    private SimulatorMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Properties props = new Properties();
        Path file = Path.of(System.getProperty("spotlink.config-dir", "config"), "simulator.properties");
        if (Files.exists(file)) {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                props.load(reader);
            }
        }
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("sim."))
                .forEach(k -> props.setProperty(k, System.getProperty(k)));
        SpotSimulator sim = SpotSimulator.start(SimulatorConfig.fromProperties(props));
        System.out.println("Spot simulator on " + sim.baseUrl() + " (API key from sim.api-key or SPOT_API_KEY)");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sim.close();
            stopped.countDown();
        }));
        stopped.await();
    }
}
