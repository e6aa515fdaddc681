package io.spotlink.ledger;

import com.zaxxer.hikari.HikariDataSource;
import io.spotlink.delivery.DeliveryLedger;
import io.spotlink.delivery.DeliveryStatus;
import io.spotlink.following.FollowUpLedger;
import io.spotlink.following.KitTracker;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 15: the queries on the delivery and poll hot paths use an index that fits them, so their cost follows what
 * is waiting, not the history. A ledger holding a long delivered history (and many finished orders) is asked, on H2
 * and on PostgreSQL, for the plan of every statement the ledger classes actually send (recorded on the way to the
 * database); no plan may read a whole table that the statement should only touch through an index.
 */
class HotQueryPlanTest {

    private static final int HISTORY = 20_000;

    @TempDir
    static Path dir;
    private static EmbeddedPostgres postgres;
    private static HikariDataSource h2;
    private static HikariDataSource pg;

    @BeforeAll
    static void open() throws Exception {
        h2 = LedgerDatabase.open("jdbc:h2:file:" + dir.resolve("plans"), "sa", "", 4);
        postgres = EmbeddedPostgres.builder().start();
        pg = LedgerDatabase.open(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres", 4);
        for (DataSource db : List.of(h2, pg)) {
            seedHistory(db);
        }
        try (Connection c = pg.getConnection()) {
            c.createStatement().execute("ANALYZE");
        }
    }

    @AfterAll
    static void close() throws Exception {
        h2.close();
        pg.close();
        postgres.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void deliveryQueriesReadOnlyWhatWaits(String database) throws Exception {
        DataSource db = database.equals("h2") ? h2 : pg;
        RecordingDataSource recording = new RecordingDataSource(db);
        DeliveryLedger deliveries = new DeliveryLedger(recording.dataSource(), Clock.systemUTC(), Duration.ofMinutes(2));

        List<io.spotlink.delivery.Delivery> due = deliveries.due("mllp", 50);
        assertThat(due).extracting(io.spotlink.delivery.Delivery::patientKey).doesNotHaveDuplicates().isNotEmpty();
        List<DeliveryLedger.Send> claimed = deliveries.claimAll(due.stream()
                .map(d -> new DeliveryLedger.Send(d, "PLAN" + d.id(), d.message())).toList());
        deliveries.recordAll(List.of(new DeliveryLedger.Outcome(claimed.get(0).delivery().id(),
                DeliveryStatus.DELIVERED, null, "AA", "ok", null)));
        deliveries.release(claimed.subList(1, claimed.size()));

        List<RecordingDataSource.Statement> statements = recording.drain();
        assertThat(statements).hasSizeGreaterThanOrEqualTo(5);
        if (database.equals("h2")) { // due() reads the waiting rows in index order and stops at its limit
            statements.stream().filter(s -> s.sql().contains("NOT EXISTS")).forEach(s -> assertThat(explain(db, s))
                    .as("plan of %s", s.sql()).contains("index sorted"));
        }
        statements.forEach(planUses(db, database, "oru_delivery"));
    }

    /**
     * A backlog the statistics have not seen yet (an EHR was down since the last ANALYZE): the per-patient check of
     * due() must still probe the patient's index, not read every waiting row once per candidate. PostgreSQL chose
     * ix_oru_delivery_waiting for it while the check said {@code status IN (...)} and the statistics described a
     * destination with nothing waiting.
     */
    @Test
    void aBacklogUnknownToTheStatisticsIsStillCheckedPatientByPatient() throws Exception {
        try (Connection admin = pg.getConnection(); Statement create = admin.createStatement()) {
            create.execute("CREATE DATABASE quiet_then_backlog");
        }
        try (HikariDataSource quiet = LedgerDatabase.open(postgres.getJdbcUrl("postgres", "quiet_then_backlog"),
                "postgres", "postgres", 2); Connection c = quiet.getConnection(); Statement s = c.createStatement()) {
            // months of quiet delivery, analysed while nothing waited
            s.executeUpdate("INSERT INTO oru_delivery (report_id, result_status, spot_order_id, kit_id, patient_key, "
                    + "destination, status, created_at, next_attempt_at, delivered_at) SELECT 'D-' || x, 'F', "
                    + "'SO-' || x, 'KIT-' || x, 'P-' || (x % 5000), 'mllp', 'DELIVERED', now(), now(), now() "
                    + "FROM generate_series(1, 50000) x");
            s.execute("ANALYZE");
            // then the EHR was down: a backlog the statistics have not seen
            s.executeUpdate("INSERT INTO oru_delivery (report_id, result_status, spot_order_id, kit_id, patient_key, "
                    + "destination, status, created_at, next_attempt_at) SELECT 'B-' || x, 'F', 'SO-B' || x, "
                    + "'KIT-B' || x, 'PB-' || ((x - 1) / 4), 'mllp', 'PENDING', now(), now() "
                    + "FROM generate_series(1, 4000) x");
            RecordingDataSource recording = new RecordingDataSource(quiet);
            DeliveryLedger deliveries = new DeliveryLedger(recording.dataSource(), Clock.systemUTC(),
                    Duration.ofMinutes(2));
            assertThat(deliveries.due("mllp", 50)).hasSize(50);
            List<RecordingDataSource.Statement> checks = recording.drain().stream()
                    .filter(st -> st.sql().contains("NOT EXISTS")).toList();
            assertThat(checks).isNotEmpty();
            for (RecordingDataSource.Statement check : checks) {
                assertThat(explain(quiet, check)).as("plan of %s", check.sql())
                        .contains("ix_oru_delivery_patient_open on oru_delivery e")
                        .doesNotContain("ix_oru_delivery_waiting on oru_delivery e");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void pollAndOrderQueriesDoNotReadTheDeliveredHistory(String database) throws Exception {
        DataSource db = database.equals("h2") ? h2 : pg;
        RecordingDataSource recording = new RecordingDataSource(db);
        FollowUpLedger followUp = new FollowUpLedger(recording.dataSource(), Clock.systemUTC(), Duration.ofDays(30));
        KitTracker kits = new KitTracker(recording.dataSource(), Clock.systemUTC());
        OrderLedger orders = new OrderLedger(recording.dataSource(), Clock.systemUTC(), "plan-test",
                Duration.ofSeconds(30));

        followUp.dueForSweep(200, Instant.now());
        followUp.watchedCount();
        if (database.equals("h2")) { // the sweep walks only the orders not retired (the finished ones were, above)
            assertThat(followUp.retireFinished()).isZero();
            recording.drain().stream().filter(s -> s.sql().contains("FETCH FIRST")).forEach(s ->
                    assertThat(explain(db, s)).as("plan of %s", s.sql()).containsIgnoringCase("IX_SPOT_ORDER_SWEEP"));
        }
        followUp.moved(Map.of("SO-1", OffsetDateTime.now(ZoneOffset.UTC), "SO-2", OffsetDateTime.now(ZoneOffset.UTC)));
        followUp.recordChecked("SO-3", OffsetDateTime.now(ZoneOffset.UTC));
        // The followed-orders filter reads spot_order by status (SUBMITTED orders); the delivery side must not
        // read the delivered history.
        recording.drain().forEach(planUses(db, database, "oru_delivery"));

        kits.orderOf("KIT-7");
        kits.kitsOf("SO-7");
        kits.history("KIT-7");
        orders.claim("PLAN-" + database, "NEW-1", null, "h", "{}");
        orders.claim("SEED", "O-9", null, "h", "{}"); // an existing order: the re-claim UPDATE on its unique key
        orders.orphaned();
        orders.findBySpotOrderId("SO-9");
        recording.drain().forEach(planUses(db, database, "oru_delivery", "spot_order", "spot_kit",
                "spot_status_event"));
    }

    /** Asserts the statement's plan reads none of {@code tables} whole. */
    private static Consumer<RecordingDataSource.Statement> planUses(DataSource db, String database, String... tables) {
        return statement -> {
            String plan = explain(db, statement);
            for (String table : tables) {
                String fullScan = database.equals("h2") ? "PUBLIC." + table.toUpperCase(Locale.ROOT) + ".tableScan"
                        : "Seq Scan on " + table;
                assertThat(plan).as("plan of %s on %s", statement.sql(), database).doesNotContain(fullScan);
            }
        };
    }

    private static String explain(DataSource db, RecordingDataSource.Statement statement) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("EXPLAIN "
                + statement.sql())) {
            for (Map.Entry<Integer, Object> p : statement.parameters().entrySet()) {
                ps.setObject(p.getKey(), p.getValue());
            }
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            return plan.toString();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("EXPLAIN failed for " + statement.sql(), e);
        }
    }

    /**
     * A long history: HISTORY finished orders, each with a kit, two status events and a DELIVERED ORU (patients
     * with ten each), then a small backlog: 60 PENDING ORUs of 30 patients, two each, and one parked.
     */
    private static void seedHistory(DataSource db) throws Exception {
        Timestamp old = Timestamp.from(Instant.now().minus(Duration.ofDays(90)));
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement order = c.prepareStatement("INSERT INTO spot_order (source_system, "
                    + "source_order_id, payload_hash, payload, spot_order_id, status, spot_status, attempts, "
                    + "created_at, updated_at, spot_updated, checked_at) VALUES ('SEED', ?, 'h', '{}', ?, "
                    + "'SUBMITTED', 'completed', 1, ?, ?, ?, ?)");
                 PreparedStatement kit = c.prepareStatement("INSERT INTO spot_kit (kit_id, spot_order_id, "
                         + "kit_status, updated_at) VALUES (?, ?, 'completed', ?)");
                 PreparedStatement event = c.prepareStatement("INSERT INTO spot_status_event (kit_id, subject, "
                         + "status, seen_at) VALUES (?, 'KIT', ?, ?)");
                 PreparedStatement oru = c.prepareStatement("INSERT INTO oru_delivery (report_id, result_status, "
                         + "spot_order_id, kit_id, patient_key, destination, status, control_id, attempts, "
                         + "sends, ack_code, created_at, next_attempt_at, sent_at, delivered_at) VALUES (?, 'F', ?, "
                         + "?, ?, 'mllp', ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 1; i <= HISTORY; i++) {
                    order.setString(1, "O-" + i);
                    order.setString(2, "SO-" + i);
                    order.setTimestamp(3, old);
                    order.setTimestamp(4, old);
                    order.setTimestamp(5, old);
                    order.setTimestamp(6, old);
                    order.addBatch();
                    kit.setString(1, "KIT-" + i);
                    kit.setString(2, "SO-" + i);
                    kit.setTimestamp(3, old);
                    kit.addBatch();
                    for (String status : List.of("shipped", "completed")) {
                        event.setString(1, "KIT-" + i);
                        event.setString(2, status);
                        event.setTimestamp(3, old);
                        event.addBatch();
                    }
                    addOru(oru, "R-" + i, "SO-" + i, "KIT-" + i, "P-" + (i % (HISTORY / 10)), "DELIVERED", old);
                }
                List<Integer> backlog = new ArrayList<>();
                for (int i = 1; i <= 60; i++) {
                    backlog.add(i);
                    addOru(oru, "PR-" + i, "SO-" + i, "KIT-" + i, "P-" + (i % 30), "PENDING", old);
                }
                addOru(oru, "FR-1", "SO-1", "KIT-1", "P-parked", "FAILED", old);
                order.executeBatch();
                kit.executeBatch();
                event.executeBatch();
                oru.executeBatch();
            }
            try (Statement messages = c.createStatement()) {
                messages.executeUpdate("INSERT INTO oru_message (delivery_id, message) SELECT id, 'MSH|^~\\&|SEED' "
                        + "FROM oru_delivery");
            }
            c.commit();
        }
    }

    private static void addOru(PreparedStatement oru, String report, String order, String kit, String patient,
                               String status, Timestamp at) throws java.sql.SQLException {
        boolean delivered = status.equals("DELIVERED");
        oru.setString(1, report);
        oru.setString(2, order);
        oru.setString(3, kit);
        oru.setString(4, patient);
        oru.setString(5, status);
        oru.setString(6, delivered ? "SL" + report : null);
        oru.setInt(7, delivered ? 1 : 0);
        oru.setInt(8, delivered ? 1 : 0);
        oru.setString(9, delivered ? "AA" : null);
        oru.setTimestamp(10, at);
        oru.setTimestamp(11, at);
        oru.setTimestamp(12, delivered ? at : null);
        oru.setTimestamp(13, delivered ? at : null);
        oru.addBatch();
    }
}
