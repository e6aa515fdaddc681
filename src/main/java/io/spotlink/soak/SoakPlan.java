package io.spotlink.soak;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The size and timing of one soak run. {@link #full()} is what {@code ./spotlink soak} runs; {@link #ci()} is the
 * small version the build runs in a few minutes. Both inject the same faults and kills; only counts and pauses shrink.
 */
public record SoakPlan(int orders, int kills, Duration ehrOutage, Duration stageDuration, Duration spotTimeout,
                       Duration deadline, long seed, Path workDir, Path configDir, Path routesDir, Path report,
                       String command, boolean twoInstances) {

    public static SoakPlan full() {
        return new SoakPlan(2000, 2, Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofMinutes(40), 7, Path.of("data", "soak"), Path.of("config"), Path.of("routes"),
                Path.of("docs", "reliability.md"), "./spotlink soak", false);
    }

    public static SoakPlan ci() {
        return new SoakPlan(200, 2, Duration.ofSeconds(10), Duration.ofMillis(500), Duration.ofSeconds(2),
                Duration.ofMinutes(4), 7, Path.of("data", "soak"), Path.of("config"), Path.of("routes"),
                null, "./spotlink soak --ci", false);
    }

    /** {@code --ci}, {@code --two-instances}, {@code --orders N}, {@code --seed N}, {@code --work-dir D}, {@code --report FILE}. */
    public static SoakPlan fromArgs(String[] args) {
        SoakPlan plan = java.util.Arrays.asList(args).contains("--ci") ? ci() : full();
        if (java.util.Arrays.asList(args).contains("--two-instances")) {
            plan = plan.withTwoInstances();
        }
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--orders" -> plan = plan.withOrders(Integer.parseInt(value));
                case "--seed" -> plan = plan.withSeed(Long.parseLong(value));
                case "--work-dir" -> plan = plan.withWorkDir(Path.of(value));
                case "--report" -> plan = plan.withReport(Path.of(value));
                default -> {
                    continue;
                }
            }
            i++;
        }
        return plan.withCommand("./spotlink soak " + String.join(" ", args));
    }

    /** Two bundles on one PostgreSQL ledger and one broker process; the figures go beside the single run's. */
    public SoakPlan withTwoInstances() {
        return new SoakPlan(orders, kills, ehrOutage, stageDuration, spotTimeout, deadline, seed,
                workDir.resolve("two-instances"), configDir, routesDir, report, command, true);
    }

    public SoakPlan withOrders(int n) {
        return new SoakPlan(n, kills, ehrOutage, stageDuration, spotTimeout, deadline, seed, workDir, configDir,
                routesDir, report, command, twoInstances);
    }

    public SoakPlan withSeed(long s) {
        return new SoakPlan(orders, kills, ehrOutage, stageDuration, spotTimeout, deadline, s, workDir, configDir,
                routesDir, report, command, twoInstances);
    }

    public SoakPlan withWorkDir(Path dir) {
        return new SoakPlan(orders, kills, ehrOutage, stageDuration, spotTimeout, deadline, seed, dir, configDir,
                routesDir, report, command, twoInstances);
    }

    public SoakPlan withReport(Path file) {
        return new SoakPlan(orders, kills, ehrOutage, stageDuration, spotTimeout, deadline, seed, workDir, configDir,
                routesDir, file, command, twoInstances);
    }

    public SoakPlan withCommand(String line) {
        return new SoakPlan(orders, kills, ehrOutage, stageDuration, spotTimeout, deadline, seed, workDir, configDir,
                routesDir, report, line.strip(), twoInstances);
    }
}
