package io.spotlink.soak;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The figures of one soak run, and whether it passed. */
public record SoakResult(SoakPlan plan, Reconciliation.Result reconciliation, LedgerState ledger,
                         SoakProgress progress, Map<String, Long> faultsInjected, int createsReceived,
                         List<Fleet.Kill> kills, double ehrOutageAt, double bundleUpAt,
                         double intakeSeconds, double settledAt, double wallSeconds, int leftInInbox,
                         boolean settled) {

    public int lost() {
        return reconciliation.lostCount();
    }

    /** Duplicate Spot orders and deliveries, and status changes polled twice. */
    public int duplicated() {
        return reconciliation.duplicateCount() + ledger.statusChangesSeenTwice();
    }

    public int stuck() {
        return ledger.stuck() + leftInInbox;
    }

    public int outOfOrder() {
        return reconciliation.outOfOrder().size();
    }

    public int killCount() {
        return kills.size();
    }

    /** No loss, no duplicate, nothing out of order or stuck, every disturbance happened. */
    public boolean passed() {
        return lost() == 0 && duplicated() == 0 && outOfOrder() == 0 && stuck() == 0 && settled
                && kills.size() == plan.kills() && ehrOutageAt >= 0;
    }

    /** The figures as text, for the console and the report. */
    public String summary() {
        Reconciliation.Result r = reconciliation;
        StringBuilder s = new StringBuilder();
        s.append(passed() ? "SOAK PASSED" : "SOAK FAILED").append('\n');
        s.append(String.format("orders sent: %d  (intake %.1f s, %.1f orders/s)%n", r.sourceOrders(), intakeSeconds,
                r.sourceOrders() / Math.max(0.001, intakeSeconds)));
        for (Channel c : Channel.values()) {
            s.append(String.format("  %-5s handed over %d, resends %d%n", c, progress.handedOver(c),
                    progress.resends(c)));
        }
        s.append("  why senders resent: ").append(progress.retryReasons()).append('\n');
        s.append(String.format("refused by the bundle: %d  %s%n", progress.refused().size(),
                sample(progress.refused())));
        s.append(String.format("senders gave up: %d  %s%n", progress.gaveUp().size(), sample(progress.gaveUp())));
        s.append(String.format("Spot create requests received: %d; faults injected: %s%n", createsReceived,
                faultsInjected));
        s.append(plan.twoInstances() ? "instances: 2 (one PostgreSQL ledger, one broker process, leadership by "
                + "lock file)\n" : "instances: 1 (H2 ledger, embedded broker)\n");
        for (Fleet.Kill k : kills) {
            s.append(String.format("SIGKILL of instance %s (pid %d) at %.1f s (%.0f%% of the intake handed over); "
                    + "new process answering after %.1f s%s%n", k.instance(), k.killedPid(), k.atSeconds(),
                    k.progress() * 100, k.downSeconds(), k.leadershipMovedSeconds() < 0 ? ""
                            : String.format("; it led, the other instance led %.1f s after the kill",
                            k.leadershipMovedSeconds())));
        }
        s.append(ehrOutageAt < 0 ? "EHR outage: did not happen\n"
                : String.format("EHR MLLP listener stopped at %.1f s for %d s%n", ehrOutageAt,
                plan.ehrOutage().toSeconds()));
        s.append(String.format("Spot orders: %d for %d source orders; lost %d, duplicated %d %s%n", r.spotOrders(),
                r.sourceOrders(), r.lost().size(), r.duplicated().size(), r.duplicated().isEmpty() ? ""
                        : r.duplicated()));
        s.append(String.format("kits: %d followed (unfinished %d), %d of duplicate Spot orders; report versions to "
                + "deliver per destination: %d (partials delivered too: %d)%n", r.kits(), r.unfinishedKits(),
                r.kitsOfDuplicates(), r.expectedVersions(), r.partialsSeen()));
        s.append(String.format("MLLP: %d received, %d accepted (%d more: the same MSH-10 resent after a kill); missing "
                        + "%d, duplicated %d %s, same delivery accepted twice %d, out of patient order %d%n",
                r.mllpReceived(), r.mllpAccepted(), r.mllpResendsRecognised(),
                r.mllpMissing().size(), r.mllpDuplicates().size(), first(r.mllpDuplicates()),
                r.mllpSameDeliveryAcceptedTwice(), r.outOfOrder().size()));
        s.append(String.format("file: %d written; missing %d, duplicated %d %s%n", r.fileWritten(),
                r.fileMissing().size(), r.fileDuplicates().size(), first(r.fileDuplicates())));
        s.append(String.format("ledger at the end: orders %s, deliveries %s; status changes recorded twice %d; "
                + "files left in the inbox %d%n", ledger.orders(), ledger.deliveries(),
                ledger.statusChangesSeenTwice(), leftInInbox));
        s.append(String.format("bundle up at %.1f s, every result delivered at %.1f s%s, wall time %.1f s%n",
                bundleUpAt, settledAt, settled ? "" : " (NOT settled by the deadline)", wallSeconds));
        s.append(String.format("LOST %d, DUPLICATED %d, OUT OF ORDER %d, STUCK %d%n", lost(), duplicated(),
                outOfOrder(), stuck()));
        return s.toString();
    }

    private static String sample(Map<String, String> map) {
        return map.isEmpty() ? "" : map.entrySet().stream().limit(5).map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining(", ", "(", map.size() > 5 ? ", ...)" : ")"));
    }

    private static String first(List<String> items) {
        return items.isEmpty() ? "" : items.stream().limit(5).collect(Collectors.joining(", ", "(",
                items.size() > 5 ? ", ...)" : ")"));
    }
}
