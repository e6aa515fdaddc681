package io.spotlink.bench;

import io.spotlink.SpotlinkApplication;
import io.spotlink.demo.LocalRun;
import io.spotlink.delivery.DeliveryDispatcher;
import io.spotlink.delivery.DeliveryLedger;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

import javax.sql.DataSource;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * ORU delivery over MLLP as the bundle does it (the dispatcher claims each due row in the durable H2 ledger, sends
 * it through the route oru-deliver-mllp, reads the ACK and records it), against a bare send/ACK loop on one
 * loopback connection to the same EHR. The bundle runs in this JVM so the benchmark can queue the ORUs in its
 * delivery ledger and drive its dispatcher; its timer route is stopped so every pass is the benchmark's.
 */
final class MllpDeliveryPath {

    private final Path dir;
    private final String spotUrl;
    private final String oru;

    MllpDeliveryPath(Path dir, String spotUrl, String oru) {
        this.dir = dir;
        this.spotUrl = spotUrl;
        this.oru = oru;
    }

    Figure run(int messages, Duration loopDuration) throws Exception {
        try (LoopbackEhr ehr = new LoopbackEhr()) {
            bareLoop(ehr, oru, loopDuration.dividedBy(3)); // warm-up
            double loop = bareLoop(ehr, oru, loopDuration);
            Delivered delivered = delivery(ehr, messages);
            double ratio = delivered.rate() / loop;
            return Figure.of("MLLP delivery (ACK and ledger included)", String.format(Locale.ROOT,
                    "%,.0f ORU/s (%,d delivered in %.1f s, after a warm-up of %,d)", delivered.rate(),
                    delivered.count(), delivered.took().toNanos() / 1e9, delivered.warmUp()),
                    String.format(Locale.ROOT, "bare MLLP send/ACK loop, one connection: %,.0f/s", loop),
                    HttpIntakePath.percent(ratio), ">= 3,000/s and >= 50%", delivered.rate() >= 3000 && ratio >= 0.5);
        }
    }

    /** One connection, one message after the other, each waiting for its ACK. */
    static double bareLoop(LoopbackEhr ehr, String oru, Duration duration) throws Exception {
        byte[] payload = oru.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), ehr.port())) {
            socket.setTcpNoDelay(true);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            InputStream in = new BufferedInputStream(socket.getInputStream());
            long started = System.nanoTime();
            long deadline = started + duration.toNanos();
            long count = 0;
            while (System.nanoTime() < deadline) {
                out.write(LoopbackEhr.START);
                out.write(payload);
                out.write(LoopbackEhr.END);
                out.write(LoopbackEhr.CR);
                out.flush();
                String ack = LoopbackEhr.readFrame(in);
                if (ack == null || !ack.contains("MSA|AA|")) {
                    throw new IllegalStateException("the EHR did not acknowledge");
                }
                count++;
            }
            return count / ((System.nanoTime() - started) / 1e9);
        }
    }

    private record Delivered(long count, Duration took, int warmUp) {
        double rate() {
            return count / (took.toNanos() / 1e9);
        }
    }

    private Delivered delivery(LoopbackEhr ehr, int messages) throws Exception {
        Map<String, String> settings = BenchBundle.settings(dir, spotUrl, LocalRun.freePort(), LocalRun.freePort(),
                "unused");
        settings.put("spotlink.intake.jms.enabled", "false");
        settings.put("spotlink.intake.mllp.enabled", "false");
        settings.put("spotlink.intake.file.enabled", "false");
        settings.put("spotlink.deliver.file.enabled", "false");
        settings.put("spotlink.deliver.mllp.enabled", "true");
        settings.put("spotlink.deliver.mllp.host", "127.0.0.1");
        settings.put("spotlink.deliver.mllp.port", Integer.toString(ehr.port()));
        Main bundle = SpotlinkApplication.create(settings);
        bundle.start();
        try {
            CamelContext context = bundle.getCamelContext();
            // every pass is the benchmark's: the timer's first pass would otherwise send rows while they are queued
            context.getRouteController().stopRoute("oru-dispatch");
            DeliveryLedger ledger = context.getRegistry().lookupByNameAndType("deliveryLedger", DeliveryLedger.class);
            DeliveryDispatcher dispatcher = context.getRegistry().lookupByNameAndType("deliveryDispatcher",
                    DeliveryDispatcher.class);
            DataSource db = context.getRegistry().lookupByNameAndType("ledgerDataSource", DataSource.class);
            // as many as are timed: HotSpot compiles the per-ORU path fully only after some 10,000 calls
            int warmUp = Math.max(10, messages);
            enqueue(ledger, "W", warmUp);
            drain(dispatcher, db, warmUp);
            long before = ehr.received();
            enqueue(ledger, "M", messages);
            long started = System.nanoTime();
            drain(dispatcher, db, warmUp + messages);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            long delivered = delivered(db);
            if (delivered != warmUp + messages || ehr.received() - before != messages) {
                throw new IllegalStateException("delivered " + delivered + " of " + (warmUp + messages)
                        + ", the EHR received " + (ehr.received() - before) + " of " + messages);
            }
            return new Delivered(messages, took, warmUp);
        } finally {
            bundle.stop();
        }
    }

    /** Queues ORUs as the result poller does: one row each, for distinct patients (so none waits for another). */
    private void enqueue(DeliveryLedger ledger, String prefix, int count) {
        for (int i = 1; i <= count; i++) {
            String id = prefix + i;
            ledger.enqueue("RPT-" + id, 'F', "ORD-" + id, "KIT-" + id, "PAT-" + id, "mllp", oru, null);
        }
    }

    /**
     * Dispatch passes until the ledger counts {@code total} delivered rows; fails when a pass delivers nothing and
     * rows are still missing.
     */
    private static void drain(DeliveryDispatcher dispatcher, DataSource db, long total) throws Exception {
        while (delivered(db) < total) {
            if (dispatcher.dispatchDue() == 0 && delivered(db) < total) {
                throw new IllegalStateException("a dispatch pass delivered nothing at " + delivered(db) + " of "
                        + total);
            }
        }
    }

    private static long delivered(DataSource db) throws Exception {
        return count(db, "SELECT COUNT(*) FROM oru_delivery WHERE status = 'DELIVERED'");
    }

    private static long count(DataSource db, String sql) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
