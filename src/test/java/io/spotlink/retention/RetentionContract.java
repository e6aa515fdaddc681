package io.spotlink.retention;

import com.fasterxml.jackson.databind.JsonNode;
import io.spotlink.ledger.LedgerStatus;
import io.spotlink.ledger.OrderLedger;
import io.spotlink.ledger.OrderRecord;
import io.spotlink.delivery.Delivery;
import io.spotlink.delivery.DeliveryLedger;
import io.spotlink.delivery.DeliveryStatus;
import io.spotlink.sim.MutableClock;
import io.spotlink.spot.SpotJson;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retention of the order and delivery ledgers, run on every database Spotlink supports, each test on a fresh ledger.
 * Time is a clock the test moves: nothing sleeps.
 */
abstract class RetentionContract {

    /** A new, migrated, empty ledger. */
    protected abstract DataSource freshLedger() throws Exception;

    private static final Duration WATCH = Duration.ofDays(30);
    private static final AtomicInteger SPOT_IDS = new AtomicInteger(1_000_000);

    @TempDir
    Path dir;
    private DataSource ledger;
    private MutableClock clock;
    private OrderLedger orders;
    private DeliveryLedger deliveries;
    private JdbcTemplate jdbc;

    @BeforeEach
    void open() throws Exception {
        ledger = freshLedger();
        clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        orders = new OrderLedger(ledger, clock, "test-" + UUID.randomUUID(), Duration.ofSeconds(30));
        deliveries = new DeliveryLedger(ledger, clock, Duration.ofMinutes(2));
        jdbc = new JdbcTemplate(ledger);
    }

    private RetentionPruner pruner(RetentionClocks orderClocks, RetentionClocks deliveryClocks, int batch,
                                   Path archiveDir) {
        PruneArchive archive = new PruneArchive(archiveDir, clock);
        return new RetentionPruner(List.of(
                new RetentionPruner.Retained(new OrderRetention(ledger, clock, WATCH, deliveryClocks, archive),
                        orderClocks),
                new RetentionPruner.Retained(new DeliveryRetention(ledger, clock, archive), deliveryClocks)),
                batch, clock, new RetentionMeters(null));
    }

    private RetentionPruner defaults() {
        return pruner(new RetentionClocks(30, 365), new RetentionClocks(30, 365), 500, null);
    }

    private void days(int n) {
        clock.advance(Duration.ofDays(n));
    }

    // ----- orders in each state -----

    private OrderRecord claimed() {
        String id = "SO-" + UUID.randomUUID();
        return orders.claim("EPIC", id, "MRN-" + id, "hash", "{\"source_order_id\":\"" + id + "\"}").record();
    }

    /** Submitted, completed at Spot with one kit, its one result delivered. */
    private OrderRecord finished() {
        OrderRecord order = submitted("completed");
        kit(order.spotOrderId());
        delivered(order.spotOrderId());
        return orders.findById(order.id()).orElseThrow();
    }

    private OrderRecord submitted(String spotStatus) {
        OrderRecord order = claimed();
        String spotId = "O" + SPOT_IDS.incrementAndGet();
        orders.markSubmitted(order.id(), spotId, spotStatus);
        return orders.findById(order.id()).orElseThrow();
    }

    private void kit(String spotOrderId) {
        String kitId = "K" + spotOrderId;
        jdbc.update("INSERT INTO spot_kit (kit_id, spot_order_id, kit_status, updated_at) VALUES (?, ?, 'resulted', ?)",
                kitId, spotOrderId, Timestamp.from(clock.instant()));
        jdbc.update("INSERT INTO spot_status_event (kit_id, subject, status, seen_at) VALUES (?, 'KIT', 'resulted', ?)",
                kitId, Timestamp.from(clock.instant()));
    }

    private Delivery queued(String spotOrderId) {
        return deliveries.enqueue("R-" + UUID.randomUUID().toString().substring(0, 8), 'F', spotOrderId,
                "K" + spotOrderId, "EPIC:MRN-1", "ehr", "MSH|^~\\&|PID|Anna Muller", null).orElseThrow();
    }

    private Delivery delivered(String spotOrderId) {
        Delivery d = queued(spotOrderId);
        assertThat(deliveries.claim(d, "SL" + d.id() + "-1", d.message())).isTrue();
        deliveries.delivered(d.id(), "AA", "accepted for Anna Muller");
        return deliveries.find(d.id()).orElseThrow();
    }

    private int count(String table) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Integer.class);
    }

    // ----- tests -----

    @Test
    void aFinishedOrderLosesItsContentAfterContentDaysAndItsRecordAfterMetadataDays() {
        OrderRecord order = finished();
        Delivery delivery = deliveries.forOrder(order.spotOrderId()).get(0);
        RetentionPruner pruner = defaults();

        days(29);
        RetentionPruner.Pass early = WholePass.of(pruner);
        assertThat(early.pruned("orders", "content")).isZero();
        assertThat(orders.findById(order.id()).orElseThrow().payload()).isEqualTo(order.payload());

        days(2);
        RetentionPruner.Pass content = WholePass.of(pruner);
        assertThat(content.pruned("orders", "content")).isEqualTo(1);
        assertThat(content.pruned("deliveries", "content")).isEqualTo(1);
        OrderRecord kept = orders.findById(order.id()).orElseThrow();
        assertThat(kept.payload()).isEmpty();
        assertThat(kept.mrn()).isNull();
        assertThat(kept.status()).isEqualTo(LedgerStatus.SUBMITTED);
        assertThat(kept.spotOrderId()).isEqualTo(order.spotOrderId());
        assertThat(jdbc.queryForObject("SELECT content_pruned_at FROM spot_order WHERE id = ?", Timestamp.class,
                order.id())).isNotNull();
        Delivery prunedDelivery = deliveries.find(delivery.id()).orElseThrow();
        assertThat(prunedDelivery.message()).isNull();
        assertThat(prunedDelivery.ackText()).isNull();
        assertThat(prunedDelivery.patientKey()).doesNotContain("MRN");
        assertThat(prunedDelivery.status()).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(prunedDelivery.ackCode()).isEqualTo("AA");
        assertThat(prunedDelivery.controlId()).isEqualTo(delivery.controlId());

        days(300);
        assertThat(WholePass.of(pruner).pruned("orders", "metadata")).isZero();
        assertThat(orders.findById(order.id())).isPresent();

        days(40);
        RetentionPruner.Pass metadata = WholePass.of(pruner);
        assertThat(metadata.pruned("orders", "metadata")).isEqualTo(1);
        assertThat(orders.findById(order.id())).isEmpty();
        assertThat(deliveries.find(delivery.id())).isEmpty();
        assertThat(count("spot_kit")).isZero();
        assertThat(count("spot_status_event")).isZero();
        assertThat(metadata.failed()).isEmpty();
    }

    @Test
    void openUndeliveredAndParkedWorkIsNeverPruned() {
        OrderRecord submitting = claimed();
        OrderRecord failed = claimed();
        orders.markFailed(failed.id(), "Spot unavailable");
        OrderRecord inProgress = submitted("in_progress");
        kit(inProgress.spotOrderId());
        OrderRecord completedNoKits = submitted("completed");
        OrderRecord pendingDelivery = submitted("completed");
        kit(pendingDelivery.spotOrderId());
        Delivery pending = queued(pendingDelivery.spotOrderId());
        OrderRecord parkedDelivery = submitted("completed");
        kit(parkedDelivery.spotOrderId());
        Delivery parked = queued(parkedDelivery.spotOrderId());
        deliveries.park(parked.id(), "EHR answered AE", "AE", "unknown patient Anna Muller");
        List<OrderRecord> open = List.of(submitting, failed, inProgress, completedNoKits, pendingDelivery,
                parkedDelivery);

        days(1000);
        RetentionPruner.Pass pass = WholePass.of(defaults());

        assertThat(pass.pruned("orders", "content")).isZero();
        assertThat(pass.pruned("orders", "metadata")).isZero();
        assertThat(pass.pruned("deliveries", "content")).isZero();
        for (OrderRecord o : open) {
            OrderRecord now = orders.findById(o.id()).orElseThrow();
            assertThat(now.payload()).isEqualTo(o.payload());
            assertThat(now.mrn()).isEqualTo(o.mrn());
        }
        assertThat(deliveries.find(pending.id()).orElseThrow().message()).isEqualTo(pending.message());
        assertThat(deliveries.find(parked.id()).orElseThrow().message()).isEqualTo(parked.message());
        assertThat(deliveries.find(parked.id()).orElseThrow().ackText()).isEqualTo("unknown patient Anna Muller");
    }

    @Test
    void aCompletedOrderStillWatchedForAmendmentsKeepsItsContent() {
        OrderRecord order = finished();
        // content kept 10 days, but result-poll still follows the order for 30 days after its last change
        RetentionPruner pruner = pruner(new RetentionClocks(10, 365), new RetentionClocks(10, 365), 500, null);
        days(11);
        assertThat(WholePass.of(pruner).pruned("orders", "content")).isZero();
        days(20);
        assertThat(WholePass.of(pruner).pruned("orders", "content")).isEqualTo(1);
        assertThat(orders.findById(order.id()).orElseThrow().payload()).isEmpty();
    }

    @Test
    void aRejectedOrderIsFinishedAndAResubmissionBringsItsContentBack() {
        OrderRecord rejected = claimed();
        orders.markRejected(rejected.id(), "Spot answered 400: recipient.email");
        days(31);
        assertThat(WholePass.of(defaults()).pruned("orders", "content")).isEqualTo(1);
        assertThat(orders.findById(rejected.id()).orElseThrow().payload()).isEmpty();

        OrderLedger.Claim again = orders.claim("EPIC", rejected.sourceOrderId(), "MRN-2", "hash2", "{\"fixed\":1}");
        assertThat(again.won()).isTrue();
        assertThat(again.record().payload()).isEqualTo("{\"fixed\":1}");
        assertThat(jdbc.queryForObject("SELECT content_pruned_at FROM spot_order WHERE id = ?", Timestamp.class,
                rejected.id())).isNull();
    }

    @Test
    void zeroKeepsEverything() {
        OrderRecord order = finished();
        RetentionPruner keepAll = pruner(RetentionClocks.KEEP, RetentionClocks.KEEP, 500, null);
        days(5000);
        RetentionPruner.Pass pass = WholePass.of(keepAll);
        assertThat(pass.pruned()).isEmpty();
        assertThat(orders.findById(order.id()).orElseThrow().payload()).isEqualTo(order.payload());
        assertThat(deliveries.forOrder(order.spotOrderId()).get(0).message()).isNotNull();
    }

    @Test
    void anOrderRecordWaitsForItsDeliveriesRecordsClock() {
        OrderRecord order = finished();
        // deliveries' records are kept: the order's record stays too, so no callback can send its results again
        RetentionPruner pruner = pruner(new RetentionClocks(30, 365), new RetentionClocks(30, 0), 500, null);
        days(400);
        RetentionPruner.Pass pass = WholePass.of(pruner);
        assertThat(pass.pruned("orders", "content")).isEqualTo(1);
        assertThat(pass.pruned("orders", "metadata")).isZero();
        assertThat(orders.findById(order.id())).isPresent();
        assertThat(deliveries.forOrder(order.spotOrderId())).hasSize(1);
    }

    @Test
    void theArchiveHoldsWhatWasPrunedAsReadableGzip() throws Exception {
        OrderRecord order = finished();
        Path archiveDir = dir.resolve("archive");
        RetentionPruner pruner = pruner(new RetentionClocks(30, 365), new RetentionClocks(30, 365), 500, archiveDir);
        days(31);
        WholePass.of(pruner);
        days(400);
        WholePass.of(pruner); // another day: another file per store

        List<JsonNode> records = new ArrayList<>();
        try (var files = Files.list(archiveDir)) {
            for (Path file : files.sorted().toList()) {
                assertThat(file.getFileName().toString()).matches("(orders|deliveries)-\\d{4}-\\d{2}-\\d{2}\\.jsonl\\.gz");
                assertThat(Files.getPosixFilePermissions(file)).hasSize(2); // rw------- : it holds PHI
                try (var in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)),
                        StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        records.add(SpotJson.mapper().readTree(line));
                    }
                }
            }
        }
        JsonNode orderContent = records.stream().filter(r -> r.path("store").asText().equals("orders")
                && r.path("kind").asText().equals("content")).findFirst().orElseThrow();
        assertThat(orderContent.path("payload").asText()).isEqualTo(order.payload());
        assertThat(orderContent.path("mrn").asText()).isEqualTo(order.mrn());
        assertThat(orderContent.path("source_order_id").asText()).isEqualTo(order.sourceOrderId());
        JsonNode deliveryContent = records.stream().filter(r -> r.path("store").asText().equals("deliveries"))
                .findFirst().orElseThrow();
        assertThat(deliveryContent.path("message").asText()).startsWith("MSH|");
        assertThat(records).anyMatch(r -> r.path("store").asText().equals("orders")
                && r.path("kind").asText().equals("metadata") && r.path("id").asLong() == order.id());
        assertThat(orders.findById(order.id())).isEmpty();
    }

    @Test
    void aBatchSmallerThanTheBacklogTakesSeveralShortBatches() {
        List<OrderRecord> finished = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            finished.add(finished());
        }
        days(31);
        RetentionPruner.Pass pass = WholePass.of(pruner(new RetentionClocks(30, 365), new RetentionClocks(30, 365), 2,
                null));
        assertThat(pass.pruned("orders", "content")).isEqualTo(5);
        assertThat(pass.batches("orders", "content")).isEqualTo(3);
        assertThat(pass.pruned("deliveries", "content")).isEqualTo(5);
        assertThat(pass.batches("deliveries", "content")).isEqualTo(3);
        assertThat(finished).allSatisfy(o -> assertThat(orders.findById(o.id()).orElseThrow().payload()).isEmpty());
    }

    @Test
    void aReportSeenAfterTheOrdersContentWasPrunedIsParkedNeverSentWithoutTheHospitalsIds() throws Exception {
        OrderRecord order = finished();
        days(31);
        WholePass.of(defaults());
        io.spotlink.spot.model.Order amended = SpotJson.mapper().readValue("{\"order_id\":\"" + order.spotOrderId()
                + "\",\"status\":\"completed\",\"kits\":[{\"kit_id\":\"K" + order.spotOrderId() + "\",\"sample\":"
                + "{\"sample_id\":\"S1\",\"status\":\"resulted\",\"reports\":[{\"report_id\":\"R-LATE\"}]}}]}",
                io.spotlink.spot.model.Order.class);
        var destination = new io.spotlink.delivery.DeliveryDestination("ehr", "file", java.util.Map.of("directory",
                "outbox"), null, null, null);
        // no renderer: nothing may be built from a pruned order
        var enqueuer = new io.spotlink.following.ReportEnqueuer(deliveries, null, List.of(destination));

        assertThat(enqueuer.enqueue(orders.findById(order.id()).orElseThrow(), amended)).isEqualTo(1);
        Delivery late = deliveries.forOrder(order.spotOrderId()).stream()
                .filter(d -> d.reportId().equals("R-LATE")).findFirst().orElseThrow();
        assertThat(late.status()).isEqualTo(DeliveryStatus.FAILED);
        assertThat(late.message()).isNull();
        assertThat(late.lastError()).contains("pruned by retention");
    }
}
