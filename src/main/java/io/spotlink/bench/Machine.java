package io.spotlink.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the benchmarks print about the machine they ran on: it may be shared, so the load average goes beside. */
final class Machine {

    private Machine() {
    }

    static String describe() {
        return Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.runtime.version") + ", " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch");
    }

    /** The 1, 5 and 15 minute load averages. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + ", " + fields[1] + ", " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "(no /proc/loadavg)";
        }
    }

    /** The 1-minute load average alone, to put beside one figure. */
    static String load1() {
        return loadAverage().split(",")[0];
    }

    static String command() {
        return ProcessHandle.current().info().commandLine().orElse("(unknown)");
    }
}
