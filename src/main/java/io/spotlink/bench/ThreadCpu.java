package io.spotlink.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** CPU time each thread of this JVM used since {@link #start}: shows which thread a path waits for. */
final class ThreadCpu {

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<Long, Long> before = new HashMap<>();
    private final long startedAt = System.nanoTime();

    private ThreadCpu() {
        for (long id : threads.getAllThreadIds()) {
            before.put(id, threads.getThreadCpuTime(id));
        }
    }

    static ThreadCpu start() {
        return new ThreadCpu();
    }

    /** The {@code n} busiest threads since the start, "name 123 ms", over the wall time. */
    String busiest(int n) {
        Map<String, Long> used = new HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            ThreadInfo info = threads.getThreadInfo(id);
            long now = threads.getThreadCpuTime(id);
            if (info != null && now >= 0) {
                used.merge(info.getThreadName(), now - before.getOrDefault(id, 0L), Long::sum);
            }
        }
        return used.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(n).map(e -> String.format(Locale.ROOT, "%s %.0f ms", e.getKey(), e.getValue() / 1e6))
                .collect(Collectors.joining(", ", "", String.format(Locale.ROOT, " (over %.0f ms)",
                        (System.nanoTime() - startedAt) / 1e6)));
    }
}
