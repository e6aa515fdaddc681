package io.spotlink.support;

import io.spotlink.sim.SimulatorConfig;
import io.spotlink.sim.SpotSimulator;

import java.util.Properties;

/**
 * Starts the Spot simulator on a free 127.0.0.1 port for a test. Every request it receives and every answer it gives
 * is checked against Spot's contract ({@link SpotContract}); any violation fails the test ({@link ContractViolations}).
 */
public final class Simulators {

    public static final String API_KEY = "test-key-Xq7Vb2Lm9Pw4Rt6Yz8Nc3Hd5";

    private Simulators() {
    }

    public static SpotSimulator start(String... keyValues) {
        return SpotSimulator.start(config(keyValues));
    }

    /** The test configuration, for tests that change more (a MutableClock, say). */
    public static SimulatorConfig config(String... keyValues) {
        Properties p = new Properties();
        p.setProperty("sim.port", "0");
        p.setProperty("sim.api-key", API_KEY);
        p.setProperty("sim.seed", "7");
        p.setProperty("sim.stage-duration", "PT0.2S");
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return SimulatorConfig.fromProperties(p).withObserver(ContractViolations.OBSERVER);
    }
}
