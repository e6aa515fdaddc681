package io.spotlink.bench;

import io.spotlink.SpotlinkApplication;
import io.spotlink.demo.LocalRun;
import org.apache.camel.main.Main;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Issue 15: a backlog of ORUs drained by the bundle on its own, with the shipped delivery settings (its timer, its
 * batch size), while the delivery ledger already holds a long delivered history. The history is written straight
 * into the ledger (INSERT ... SELECT, in chunks), the backlog appears at once (one INSERT), and the loopback EHR
 * times the drain from the first ORU it receives to the last, over the bundle's one MLLP connection. Beside it, the
 * bare send/ACK loop to the same EHR in the same run. The EHR's record of MSH-10s proves every ORU arrived once and
 * each patient's in order (four per patient).
 */
final class DeliveryBacklogPath {

    static final int PER_PATIENT = 4;
    private static final int CHUNK = 100_000;

    private final Path dir;
    private final String spotUrl;
    private final String oru;

    DeliveryBacklogPath(Path dir, String spotUrl, String oru) {
        this.dir = dir;
        this.spotUrl = spotUrl;
        this.oru = oru;
    }

    Figure run(int history, int backlog, Duration loopDuration) throws Exception {
        try (LoopbackEhr ehr = new LoopbackEhr()) {
            MllpDeliveryPath.bareLoop(ehr, oru, loopDuration.dividedBy(3)); // warm-up
            double loop = MllpDeliveryPath.bareLoop(ehr, oru, loopDuration);
            Map<String, String> settings = BenchBundle.settings(dir, spotUrl, LocalRun.freePort(),
                    LocalRun.freePort(), "unused");
            settings.put("spotlink.intake.jms.enabled", "false");
            settings.put("spotlink.intake.mllp.enabled", "false");
            settings.put("spotlink.intake.file.enabled", "false");
            settings.put("spotlink.deliver.file.enabled", "false");
            settings.put("spotlink.deliver.mllp.enabled", "true");
            settings.put("spotlink.deliver.mllp.host", "127.0.0.1");
            settings.put("spotlink.deliver.mllp.port", Integer.toString(ehr.port()));
            Main bundle = SpotlinkApplication.create(settings); // every spotlink.deliver.* as shipped
            bundle.start();
            try {
                DataSource db = bundle.getCamelContext().getRegistry().lookupByNameAndType("ledgerDataSource",
                        DataSource.class);
                long seeded = System.nanoTime();
                seedHistory(db, history);
                double seedSeconds = (System.nanoTime() - seeded) / 1e9;
                // warm-up through the same timer, twice the backlog: the per-ORU path runs once per ORU and HotSpot
                // compiles a method fully only after some 10,000 calls; a shorter warm-up timed the JIT at work
                int warmUp = Math.max(PER_PATIENT, 2 * backlog);
                ehr.record();
                drain(db, ehr, "BW", warmUp);
                // shown beside the figure: in a JVM that has not run this path yet, the rate of a bundle restarted
                // into a backlog
                double warmUpRate = (warmUp - 1) / ehr.recordedSeconds();
                ehr.record();
                ThreadCpu cpu = ThreadCpu.start();
                long enqueued = drain(db, ehr, "BL", backlog);
                System.out.println("Backlog drain, CPU per thread: " + cpu.busiest(5));
                checkOnceAndInOrder(db, ehr.recorded(), backlog);
                double drainSeconds = ehr.recordedSeconds();
                double rate = (backlog - 1) / drainSeconds;
                double endToEnd = (ehr.lastAt() - enqueued) / 1e9;
                // the bare loop again, now that the drain is over (and timed: the EHR's clock goes on recording): its
                // rate varies from minute to minute on a shared machine, so the drain is held against the faster
                double loopAfter = MllpDeliveryPath.bareLoop(ehr, oru, loopDuration);
                double limit = Math.max(loop, loopAfter);
                double ratio = rate / limit;
                return Figure.of(String.format(Locale.ROOT, "MLLP backlog drain, %,d ORUs over %,d delivered",
                                backlog, history),
                        String.format(Locale.ROOT, "%,.0f ORU/s (first to last ORU at the EHR %.2f s; %.2f s from "
                                + "the backlog's commit, the timer's wake-up included; shipped delivery settings, one "
                                + "connection, %d per patient in order, none twice; history seeded in %.0f s; after a warm-up "
                                + "drain of %,d, which went at %,.0f ORU/s)", rate, drainSeconds, endToEnd, PER_PATIENT,
                                seedSeconds, warmUp, warmUpRate),
                        String.format(Locale.ROOT, "bare MLLP send/ACK loop, one connection: %,.0f/s (the faster of "
                                + "%,.0f/s before the history was seeded and %,.0f/s after the drain)", limit, loop,
                                loopAfter),
                        HttpIntakePath.percent(ratio), ">= 3,000/s and >= 50%", rate >= 3000 && ratio >= 0.5);
            } finally {
                bundle.stop();
            }
        }
    }

    /** {@code rows} DELIVERED rows (short messages: their content is not read again), in chunks of CHUNK. */
    static void seedHistory(DataSource db, int rows) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement insert = c.prepareStatement("INSERT INTO "
                + "oru_delivery (report_id, result_status, spot_order_id, kit_id, patient_key, destination, status, "
                + "control_id, attempts, sends, ack_code, created_at, next_attempt_at, sent_at, "
                + "delivered_at) SELECT 'H' || X, 'F', 'ORD-H' || X, 'KIT-H' || X, 'HP-' || MOD(X, 100000), 'mllp', "
                + "'DELIVERED', 'SLH' || X, 1, 1, 'AA', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, "
                + "CURRENT_TIMESTAMP FROM SYSTEM_RANGE(?, ?)");
             PreparedStatement messages = c.prepareStatement("INSERT INTO oru_message (delivery_id, message) "
                + "SELECT id, 'MSH|^~\\&|SPOTLINK|SPOT|EHR|HOSPITAL|20260101000000||ORU^R01^ORU_R01|' || control_id "
                + "|| '|P|2.5.1' FROM oru_delivery WHERE id > ?")) {
            long last = maxId(c);
            for (int from = 1; from <= rows; from += CHUNK) {
                insert.setInt(1, from);
                insert.setInt(2, Math.min(rows, from + CHUNK - 1));
                insert.executeUpdate();
                messages.setLong(1, last);
                messages.executeUpdate();
                last = maxId(c);
            }
        }
    }

    private static long maxId(Connection c) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT MAX(id) FROM oru_delivery")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Queues {@code count} PENDING ORUs ({@link #queue}) and waits until the EHR has them all and the ledger holds
     * none waiting; returns when they were committed.
     */
    private long drain(DataSource db, LoopbackEhr ehr, String prefix, int count) throws Exception {
        long before = ehr.received();
        long committed = queue(db, prefix, count, oru);
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (ehr.received() - before < count || waiting(db) > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("backlog not drained: the EHR received " + (ehr.received() - before)
                        + " of " + count + ", " + waiting(db) + " still waiting");
            }
            Thread.sleep(20);
        }
        return committed;
    }

    /**
     * Queues {@code count} PENDING ORUs carrying {@code oru} in one transaction, PER_PATIENT per patient with ids in
     * each patient's order (report ids {@code prefix}1, {@code prefix}2, ...); returns when they were committed.
     */
    static long queue(DataSource db, String prefix, int count, String oru) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement insert = c.prepareStatement("INSERT INTO "
                + "oru_delivery (report_id, result_status, spot_order_id, kit_id, patient_key, destination, status, "
                + "created_at, next_attempt_at) SELECT ? || X, 'F', 'ORD-' || ? || X, 'KIT-' || ? || X, "
                + "? || '-P' || ((X - 1) / " + PER_PATIENT + "), 'mllp', 'PENDING', CURRENT_TIMESTAMP, "
                + "CURRENT_TIMESTAMP FROM SYSTEM_RANGE(1, ?) ORDER BY X");
             PreparedStatement messages = c.prepareStatement("INSERT INTO oru_message (delivery_id, message) "
                + "SELECT id, ? FROM oru_delivery WHERE id > ?")) {
            c.setAutoCommit(false);
            long last = maxId(c);
            for (int i = 1; i <= 4; i++) {
                insert.setString(i, prefix);
            }
            insert.setInt(5, count);
            insert.executeUpdate();
            messages.setString(1, oru);
            messages.setLong(2, last);
            messages.executeUpdate();
            c.commit();
            long committed = System.nanoTime();
            c.setAutoCommit(true);
            return committed;
        }
    }

    private static long waiting(DataSource db) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT COUNT(*) FROM oru_delivery WHERE destination = 'mllp' AND status IN ('PENDING', 'SENDING')")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Every backlog row reached the EHR exactly once, and each patient's rows in their id order. */
    private static void checkOnceAndInOrder(DataSource db, List<String> controlIds, int count) throws Exception {
        Map<Long, String> patientOf = new HashMap<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT id, patient_key FROM oru_delivery WHERE report_id >= 'BL' AND report_id < 'BM'")) {
            while (rs.next()) {
                patientOf.put(rs.getLong(1), rs.getString(2));
            }
        }
        Map<String, Long> lastOfPatient = new HashMap<>();
        java.util.Set<Long> seen = new java.util.HashSet<>();
        for (String controlId : controlIds) {
            long id = Long.parseLong(controlId.substring(2, controlId.indexOf('-')));
            String patient = patientOf.get(id);
            if (patient == null || !seen.add(id)) {
                throw new IllegalStateException("MSH-10 " + controlId + " is not a backlog row, or arrived twice");
            }
            Long previous = lastOfPatient.put(patient, id);
            if (previous != null && previous > id) {
                throw new IllegalStateException("patient " + patient + ": " + id + " arrived after " + previous);
            }
        }
        if (seen.size() != count || patientOf.size() != count) {
            throw new IllegalStateException("the EHR received " + seen.size() + " of " + count + " backlog ORUs");
        }
    }
}
