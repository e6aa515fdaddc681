package io.spotlink.sim;

import java.time.Clock;
import java.time.Duration;
import java.util.Properties;

/**
 * How the simulator behaves. {@code stageDuration} is the time between two lifecycle steps (seconds in the demo);
 * the rates are probabilities from 0 to 1, drawn from the seed so a run repeats exactly.
 */
public record SimulatorConfig(int port, String apiKey, long seed, Duration stageDuration, Clock clock,
                              double amendmentRate, double partialRate, double extraChecksRate,
                              String callbackUrl, String callbackSecret, FaultInjector.Settings faults,
                              boolean variants, ExchangeObserver observer, SimExceptions exceptions) {

    /** Every key {@link #fromProperties} reads; each can also come from the environment (SIM_PORT, ...). */
    public static final java.util.List<String> KEYS = java.util.List.of("sim.port", "sim.api-key", "sim.seed",
            "sim.stage-duration", "sim.amendment-rate", "sim.partial-rate", "sim.extra-checks-rate", "sim.variants",
            "sim.callback.url", "sim.callback.secret", "sim.fault.error-rate", "sim.fault.rate-limit-rate",
            "sim.fault.retry-after-seconds", "sim.fault.latency", "sim.fault.drop-rate",
            "sim.fault.after-create.drop-rate", "sim.fault.after-create.error-rate", "sim.fault.after-create.slow-rate",
            "sim.fault.after-create.slow-delay", "sim.create-delay-before", "sim.create-delay-after",
            "sim.exception.order-canceled-rate", "sim.exception.kit-canceled-rate", "sim.exception.kit-delivery-rate",
            "sim.exception.sample-collection-rate", "sim.exception.sample-delivery-rate",
            "sim.exception.sample-canceled-rate", "sim.exception.replacement");

    public SimulatorConfig {
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("sim.api-key is required");
        }
        observer = observer == null ? ExchangeObserver.NONE : observer;
        exceptions = exceptions == null ? SimExceptions.NONE : exceptions;
    }

    /**
     * Keys: sim.port (8099), sim.api-key (required), sim.seed (42), sim.stage-duration (PT2S),
     * sim.amendment-rate (0.25), sim.partial-rate (0.3), sim.extra-checks-rate (0.2), sim.callback.url,
     * sim.callback.secret, sim.fault.error-rate (0), sim.fault.rate-limit-rate (0), sim.fault.retry-after-seconds (1),
     * sim.fault.latency (PT0S), sim.fault.drop-rate (0); after a create-order's work: sim.fault.after-create.drop-rate,
     * .error-rate, .slow-rate (0) and .slow-delay (PT35S); holds of every create-order: sim.create-delay-before and
     * sim.create-delay-after (PT0S); sim.variants (false): answer with the variants Spot's OpenAPI allows (string
     * ranges, null reports and kits, unknown statuses and result types, extra fields, optional fields left out);
     * sim.exception.* (0): shares of canceled orders and of kits and samples ending in an exception
     * ({@link SimExceptions}).
     */
    public static SimulatorConfig fromProperties(Properties p) {
        return new SimulatorConfig(
                Integer.parseInt(p.getProperty("sim.port", "8099")),
                blankToNull(p.getProperty("sim.api-key", System.getenv("SPOT_API_KEY"))),
                Long.parseLong(p.getProperty("sim.seed", "42")),
                Duration.parse(p.getProperty("sim.stage-duration", "PT2S")),
                Clock.systemUTC(),
                Double.parseDouble(p.getProperty("sim.amendment-rate", "0.25")),
                Double.parseDouble(p.getProperty("sim.partial-rate", "0.3")),
                Double.parseDouble(p.getProperty("sim.extra-checks-rate", "0.2")),
                blankToNull(p.getProperty("sim.callback.url")),
                blankToNull(p.getProperty("sim.callback.secret")),
                new FaultInjector.Settings(
                        Double.parseDouble(p.getProperty("sim.fault.error-rate", "0")),
                        Double.parseDouble(p.getProperty("sim.fault.rate-limit-rate", "0")),
                        Integer.parseInt(p.getProperty("sim.fault.retry-after-seconds", "1")),
                        Duration.parse(p.getProperty("sim.fault.latency", "PT0S")),
                        Double.parseDouble(p.getProperty("sim.fault.drop-rate", "0")),
                        new FaultInjector.AfterCreate(
                                Double.parseDouble(p.getProperty("sim.fault.after-create.drop-rate", "0")),
                                Double.parseDouble(p.getProperty("sim.fault.after-create.error-rate", "0")),
                                Double.parseDouble(p.getProperty("sim.fault.after-create.slow-rate", "0")),
                                Duration.parse(p.getProperty("sim.fault.after-create.slow-delay", "PT35S")),
                                Duration.parse(p.getProperty("sim.create-delay-before", "PT0S")),
                                Duration.parse(p.getProperty("sim.create-delay-after", "PT0S")))),
                Boolean.parseBoolean(p.getProperty("sim.variants", "false").trim()),
                ExchangeObserver.NONE, SimExceptions.fromProperties(p));
    }

    /** The same configuration on another clock (tests use a {@link MutableClock}). */
    public SimulatorConfig withClock(Clock newClock) {
        return new SimulatorConfig(port, apiKey, seed, stageDuration, newClock, amendmentRate, partialRate,
                extraChecksRate, callbackUrl, callbackSecret, faults, variants, observer, exceptions);
    }

    /** The same configuration, with every request and answer shown to {@code newObserver} (contract tests). */
    public SimulatorConfig withObserver(ExchangeObserver newObserver) {
        return new SimulatorConfig(port, apiKey, seed, stageDuration, clock, amendmentRate, partialRate,
                extraChecksRate, callbackUrl, callbackSecret, faults, variants, newObserver, exceptions);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
