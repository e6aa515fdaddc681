package io.spotlink.soak;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Two bundle processes sharing one PostgreSQL ledger and one broker, leadership (result-poll, oru-dispatch,
 * order-retry) held by the file cluster mode. The first kill hits the leader, and measures how long until the
 * other instance leads: the first poll or delivery line in its log after the kill. The second kill hits the instance
 * not killed yet.
 */
final class TwoInstances implements Fleet {

    // What only the leader does, as its log shows it
    private static final List<String> LEADER_WORK = List.of("Result poll:", "DeliveryDispatcher - Delivery",
            "ReportEnqueuer - Report");

    private final BundleSupervisor a;
    private final BundleSupervisor b;
    private BundleSupervisor firstVictim;

    TwoInstances(BundleSupervisor a, BundleSupervisor b) {
        this.a = a;
        this.b = b;
    }

    @Override
    public void start() throws IOException, InterruptedException {
        a.start();
        b.start();
    }

    @Override
    public void killAndRestart(double progress) throws IOException, InterruptedException {
        BundleSupervisor leader = leader().orElse(a);
        // the first kill hits the leader; the next one the instance not killed yet
        BundleSupervisor victim = firstVictim == null ? leader : firstVictim == a ? b : a;
        if (firstVictim == null) {
            firstVictim = victim;
        }
        BundleSupervisor other = victim == a ? b : a;
        if (victim == leader) {
            LocalTime killedAt = LocalTime.now();
            victim.killAndRestart(progress, () -> leadershipMove(other, killedAt));
        } else {
            victim.killAndRestart(progress);
        }
    }

    /** Seconds until {@code successor} does leader work after {@code since}; -1 if not within two minutes. */
    private static double leadershipMove(BundleSupervisor successor, LocalTime since) {
        long start = System.nanoTime();
        while (System.nanoTime() - start < 120_000_000_000L) {
            Optional<LocalTime> last = lastLeaderWork(successor.log());
            if (last.isPresent() && last.get().isAfter(since)) {
                return java.time.Duration.between(since, last.get()).toMillis() / 1000.0;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }
        return -1;
    }

    /** The instance whose log shows leader work most recently. */
    private Optional<BundleSupervisor> leader() {
        Optional<LocalTime> ta = lastLeaderWork(a.log());
        Optional<LocalTime> tb = lastLeaderWork(b.log());
        if (ta.isEmpty() && tb.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(tb.isEmpty() || (ta.isPresent() && ta.get().isAfter(tb.get())) ? a : b);
    }

    /** The time (HH:mm:ss.SSS at the start of the line) of the last leader-work line in a log. */
    static Optional<LocalTime> lastLeaderWork(Path log) {
        List<String> lines;
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(log.toFile(), "r")) {
            long from = Math.max(0, file.length() - 256 * 1024); // the tail is enough: leaders work every second
            byte[] tail = new byte[(int) (file.length() - from)];
            file.seek(from);
            file.readFully(tail);
            lines = List.of(new String(tail, StandardCharsets.UTF_8).split("\n"));
        } catch (IOException e) {
            return Optional.empty();
        }
        for (int i = lines.size() - 1; i >= 0; i--) {
            String line = lines.get(i);
            if (line.length() > 12 && LEADER_WORK.stream().anyMatch(line::contains)) {
                try {
                    return Optional.of(LocalTime.parse(line.substring(0, 12)));
                } catch (java.time.format.DateTimeParseException e) {
                    // not a log line of ours
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public void stop() throws InterruptedException {
        a.stop();
        b.stop();
    }

    @Override
    public List<Kill> kills() {
        List<Kill> all = new ArrayList<>(a.kills());
        all.addAll(b.kills());
        all.sort(java.util.Comparator.comparingDouble(Kill::atSeconds));
        return all;
    }

    @Override
    public List<Integer> httpPorts() {
        return List.of(a.httpPorts().get(0), b.httpPorts().get(0));
    }

    @Override
    public List<Integer> mllpPorts() {
        return List.of(a.mllpPorts().get(0), b.mllpPorts().get(0));
    }
}
