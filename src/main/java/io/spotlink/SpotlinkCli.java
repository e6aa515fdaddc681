package io.spotlink;

import java.util.Arrays;
import java.util.Map;

/**
 * Entry point: {@code run} (the bundle, default), {@code sim} (the Spot simulator), {@code demo}, {@code soak}
 * (the bundle under faults, kills and an EHR outage, then a reconciliation), {@code bench} (every path beside its limit,
 * docs/benchmarks.md) or {@code bench-files} (the order-file benchmarks).
 */
public final class SpotlinkCli {

    private SpotlinkCli() {
    }

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "run" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        switch (command) {
            case "run" -> {
                try {
                    SpotlinkApplication.create(Map.of()).run();
                } catch (io.spotlink.config.InvalidSettingsException e) {
                    System.err.println(e.getMessage());
                    System.exit(2);
                }
            }
            case "sim" -> tool("io.spotlink.sim.SimulatorMain", "main", rest);
            case "demo" -> {
                // The demo prints its own summary; keep library chatter to warnings.
                System.setProperty("LOG_LEVEL", System.getProperty("LOG_LEVEL", "WARN"));
                System.setProperty("SPOTLINK_LOG_LEVEL", System.getProperty("SPOTLINK_LOG_LEVEL", "WARN"));
                System.exit((Integer) tool("io.spotlink.demo.Demo", "run", rest));
            }
            case "bench" -> {
                // The benchmark prints its figures; the bundle it drives in its own JVM logs to its work folder.
                System.setProperty("LOG_LEVEL", System.getProperty("LOG_LEVEL", "WARN"));
                System.setProperty("SPOTLINK_LOG_LEVEL", System.getProperty("SPOTLINK_LOG_LEVEL", "WARN"));
                tool("io.spotlink.bench.Bench", "main", rest);
            }
            case "hash-key" -> {
                // The entry of one API key for SPOTLINK_AUTH_KEYS: the key itself is never stored
                if (rest.length != 3) {
                    System.err.println("usage: spotlink hash-key <name> <role[+role]> <key>");
                    System.exit(2);
                }
                io.spotlink.http.auth.Role.of(rest[1].split("\\+")[0]);
                System.out.println(rest[0] + ":" + rest[1] + ":" + io.spotlink.http.auth.ApiKeys.hashOf(rest[2]));
            }
            case "bench-files" -> tool("io.spotlink.bench.FileIntakeBench", "main", rest);
            case "soak" -> {
                // The soak prints its figures; the bundle it drives logs to data/soak/bundle.log.
                System.setProperty("LOG_LEVEL", System.getProperty("LOG_LEVEL", "WARN"));
                System.exit((Integer) tool("io.spotlink.soak.Soak", "runCommand", rest));
            }
            default -> {
                System.err.println("usage: spotlink [run|sim|demo|bench [--quick]|bench-files|soak [--ci] [--two-instances] [--orders N]"
                        + " [--seed N]]");
                System.exit(2);
            }
        }
    }

    /**
     * Runs a tool that lives apart from the production code (simulator, demo, soak, benchmarks) by its class name, so
     * that no production class refers to it (ToolsApartTest) and the bundle runs without it.
     */
    private static Object tool(String className, String method, String[] args) throws Exception {
        Class<?> tool;
        try {
            tool = Class.forName(className);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(className + " is not in this build", e);
        }
        try {
            return tool.getMethod(method, String[].class).invoke(null, (Object) args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw (Error) e.getCause();
        }
    }
}
