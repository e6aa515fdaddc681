package io.spotlink.soak;

import io.spotlink.sim.SimulatorConfig;
import io.spotlink.sim.SpotSimulator;

import java.time.Duration;
import java.util.Properties;

/**
 * The Spot simulator of a soak, with its faults on: before any work 20% 5xx, 5% 429 with Retry-After, 5% answers
 * later than the bundle's Spot timeout, 2% dropped connections; and after a create's work 5% lost answers (the
 * order exists, then the connection drops, a 500 comes back, or the answer is too late), split 2/2/1.
 */
final class SoakSimulator {

    static final double ERROR_RATE = 0.20;
    static final double RATE_LIMIT_RATE = 0.05;
    static final double TIMEOUT_RATE = 0.05;
    static final double DROP_RATE = 0.02;
    static final double AFTER_CREATE_DROP = 0.02;
    static final double AFTER_CREATE_ERROR = 0.02;
    static final double AFTER_CREATE_SLOW = 0.01;

    private SoakSimulator() {
    }

    static SpotSimulator start(SoakPlan plan, String apiKey) {
        Duration slow = plan.spotTimeout().plusSeconds(1);
        Properties p = new Properties();
        p.setProperty("sim.port", "0");
        p.setProperty("sim.api-key", apiKey);
        p.setProperty("sim.seed", Long.toString(plan.seed()));
        p.setProperty("sim.stage-duration", plan.stageDuration().toString());
        p.setProperty("sim.amendment-rate", "0.3");
        p.setProperty("sim.partial-rate", "0.3");
        p.setProperty("sim.fault.error-rate", Double.toString(ERROR_RATE));
        p.setProperty("sim.fault.rate-limit-rate", Double.toString(RATE_LIMIT_RATE));
        p.setProperty("sim.fault.retry-after-seconds", "1");
        p.setProperty("sim.fault.drop-rate", Double.toString(DROP_RATE));
        p.setProperty("sim.fault.after-create.drop-rate", Double.toString(AFTER_CREATE_DROP));
        p.setProperty("sim.fault.after-create.error-rate", Double.toString(AFTER_CREATE_ERROR));
        p.setProperty("sim.fault.after-create.slow-rate", Double.toString(AFTER_CREATE_SLOW));
        p.setProperty("sim.fault.after-create.slow-delay", slow.toString());
        SpotSimulator sim = SpotSimulator.start(SimulatorConfig.fromProperties(p));
        sim.faults().setTimeoutRate(TIMEOUT_RATE);
        return sim;
    }
}
