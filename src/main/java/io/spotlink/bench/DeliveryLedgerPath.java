package io.spotlink.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.spotlink.delivery.DeliveryDispatcher;
import io.spotlink.delivery.DeliveryLedger;
import io.spotlink.delivery.DeliveryStatus;
import io.spotlink.ledger.LedgerDatabase;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Issue 15, "delivery cost is O(pending)": the delivery ledger's own work per ORU, alone on one thread, with no
 * sending, so the figure does not move with the loopback EHR or the scheduler. The steps are those the dispatcher's
 * ledger thread runs for every batch, in one commit: record the last batch's outcomes, read what is due, claim the
 * next batch with its MSH-10s. Backlogs are drained this way over an empty ledger (the baseline), then over the same
 * ledger file once a long delivered history was written into it; the ratio is what the history costs.
 */
final class DeliveryLedgerPath {

    private static final int BATCH = 50;
    /** Drains measured per ledger state: H2's cost varies from drain to drain (chunk writes, GC), the median less. */
    private static final int ROUNDS = 3;

    private final Path dir;
    private final String oru;

    DeliveryLedgerPath(Path dir, String oru) {
        this.dir = dir;
        this.oru = oru;
    }

    Figure run(int history, int backlog) throws Exception {
        // the shipped ledger: an H2 file, every commit written out (LedgerDatabase adds WRITE_DELAY=0)
        try (HikariDataSource db = LedgerDatabase.open("jdbc:h2:file:" + dir.toAbsolutePath().resolve("ledger"),
                "sa", "", 2)) {
            DeliveryLedger ledger = new DeliveryLedger(db, Clock.systemUTC(), Duration.ofMinutes(2));
            Cost empty = median(db, ledger, "LE", backlog);
            DeliveryBacklogPath.seedHistory(db, history);
            Cost full = median(db, ledger, "LH", backlog);
            double ratio = full.cpuMicrosPerOru() / empty.cpuMicrosPerOru();
            return Figure.of(String.format(Locale.ROOT, "delivery ledger work per ORU, over %,d delivered", history),
                    String.format(Locale.ROOT, "%.0f µs CPU (%.0f µs elapsed) per ORU, the median of %d drains of "
                            + "%,d ORUs after one to warm up; %d per patient, batches of %d, each batch's outcomes "
                            + "recorded and the next batch read and claimed in one commit, on one thread, nothing sent",
                            full.cpuMicrosPerOru(), full.wallMicrosPerOru(), ROUNDS, full.orus(),
                            DeliveryBacklogPath.PER_PATIENT, BATCH),
                    String.format(Locale.ROOT, "the same over an empty ledger: %.0f µs CPU (%.0f µs elapsed)",
                            empty.cpuMicrosPerOru(), empty.wallMicrosPerOru()),
                    String.format(Locale.ROOT, "%.2fx", ratio), "<= 1.5x (O(pending), not O(history))",
                    ratio <= 1.5);
        }
    }

    private record Cost(int orus, long cpuNanos, long wallNanos) {
        double cpuMicrosPerOru() {
            return cpuNanos / 1e3 / orus;
        }

        double wallMicrosPerOru() {
            return wallNanos / 1e3 / orus;
        }
    }

    /** One warm-up drain, then the median (by CPU) of ROUNDS drains of {@code backlog} queued ORUs each. */
    private Cost median(HikariDataSource db, DeliveryLedger ledger, String prefix, int backlog) throws Exception {
        List<Cost> costs = new ArrayList<>();
        for (int round = 0; round <= ROUNDS; round++) {
            DeliveryBacklogPath.queue(db, prefix + round + "-", backlog, oru);
            Cost cost = drain(ledger);
            if (round > 0) {
                costs.add(cost);
            }
        }
        costs.sort(java.util.Comparator.comparingLong(Cost::cpuNanos));
        return costs.get(costs.size() / 2);
    }

    /** Delivers every due row as the dispatcher's ledger thread would if each ORU were accepted at once. */
    private static Cost drain(DeliveryLedger ledger) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        long wall = System.nanoTime();
        List<DeliveryLedger.Send> onTheWire = List.of();
        int delivered = 0;
        while (true) {
            List<DeliveryLedger.Outcome> accepted = onTheWire.stream().map(s -> new DeliveryLedger.Outcome(
                    s.delivery().id(), DeliveryStatus.DELIVERED, null, "AA", null, null)).toList();
            List<DeliveryLedger.Send> next = ledger.inTransaction(() -> {
                ledger.recordAll(accepted);
                return ledger.claimAll(ledger.due("mllp", BATCH).stream()
                        .map(d -> DeliveryDispatcher.sendFor(d, "SL")).toList());
            });
            delivered += onTheWire.size();
            if (next.isEmpty() && onTheWire.isEmpty()) {
                break;
            }
            onTheWire = next;
        }
        return new Cost(delivered, threads.getCurrentThreadCpuTime() - cpu, System.nanoTime() - wall);
    }
}
