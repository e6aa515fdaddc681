package io.spotlink.delivery;

import io.spotlink.ledger.LedgerText;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import javax.sql.DataSource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Every ORU delivery: report, control id, destination, attempts, ACK code and text, times. The unique
 * (report_id, destination) key delivers a report once per destination; a row is claimed (PENDING -> SENDING) by a
 * conditional update so two dispatchers never send the same row.
 */
public class DeliveryLedger {

    /**
     * A delivery row with its message: the ORU text lives in oru_message (V13), so a status change rewrites a small
     * row; it is joined in by the delivery's id (its primary key), and is NULL once retention pruned it.
     */
    private static final String SELECT = "SELECT d.id, d.report_id, d.spot_order_id, d.kit_id, d.patient_key, "
            + "d.destination, d.result_status, d.status, d.control_id, m.message, d.attempts, d.sends, d.ack_code, "
            + "d.ack_text, d.last_error, d.created_at, d.next_attempt_at, d.sent_at, d.delivered_at "
            + "FROM oru_delivery d LEFT JOIN oru_message m ON m.delivery_id = d.id ";

    private final NamedParameterJdbcTemplate jdbc;
    private final org.springframework.transaction.support.TransactionTemplate transactions;
    private final Clock clock;
    private final Duration sendingAbandonedAfter;

    public DeliveryLedger(DataSource dataSource, Clock clock, Duration sendingAbandonedAfter) {
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
        this.transactions = new org.springframework.transaction.support.TransactionTemplate(
                new org.springframework.jdbc.datasource.DataSourceTransactionManager(dataSource));
        this.clock = clock;
        this.sendingAbandonedAfter = sendingAbandonedAfter;
    }

    /**
     * Adds a delivery, complete with its message, unless this report version already has one for this destination.
     * A null message means it could not be built: the row is parked at once with {@code error}, never dropped.
     */
    public Optional<Delivery> enqueue(String reportId, char resultStatus, String spotOrderId, String kitId,
                                      String patientKey, String destination, String message, String error) {
        Timestamp now = Timestamp.from(clock.instant());
        MapSqlParameterSource p = new MapSqlParameterSource()
                .addValue("report", reportId).addValue("order", spotOrderId).addValue("kit", kitId)
                .addValue("patient", patientKey).addValue("dest", destination)
                .addValue("resultStatus", String.valueOf(resultStatus))
                .addValue("status", message == null ? DeliveryStatus.FAILED.name() : DeliveryStatus.PENDING.name())
                .addValue("message", message).addValue("error", LedgerText.fit(error)).addValue("now", now);
        try {
            // the row and its text in one commit: a dispatcher never sees a PENDING row without its message
            inTransaction(() -> {
                org.springframework.jdbc.support.GeneratedKeyHolder key = new org.springframework.jdbc.support.GeneratedKeyHolder();
                jdbc.update("INSERT INTO oru_delivery (report_id, spot_order_id, kit_id, patient_key, destination, "
                        + "result_status, status, last_error, created_at, next_attempt_at) VALUES (:report, :order, "
                        + ":kit, :patient, :dest, :resultStatus, :status, :error, :now, :now)", p, key,
                        new String[] {"id"});
                if (message != null) {
                    jdbc.update("INSERT INTO oru_message (delivery_id, message) VALUES (:id, :message)",
                            p.addValue("id", key.getKey().longValue()));
                }
                return null;
            });
        } catch (DuplicateKeyException known) {
            return Optional.empty();
        }
        return find(reportId, resultStatus, destination);
    }

    /**
     * Due deliveries of a destination, oldest first, skipping any whose patient has an earlier delivery to the same
     * destination still undelivered: a patient's messages keep their order, and a batch holds at most one row per
     * patient. Two index range reads (the PENDING rows, the SENDING rows left by a dead process), each in id order
     * and stopping at {@code limit}: the cost follows what is waiting, never the delivered history.
     */
    public List<Delivery> due(String destination, int limit) {
        Instant now = clock.instant();
        int n = Math.max(1, limit);
        MapSqlParameterSource p = new MapSqlParameterSource().addValue("dest", destination)
                .addValue("now", Timestamp.from(now)).addValue("stale", Timestamp.from(now.minus(sendingAbandonedAfter)));
        List<Delivery> pending = jdbc.query(dueQuery(DUE_PENDING, n), p, ROW);
        List<Delivery> stale = jdbc.query(dueQuery(DUE_STALE_SENDING, n), p, ROW);
        if (stale.isEmpty()) {
            return pending;
        }
        return java.util.stream.Stream.concat(pending.stream(), stale.stream())
                .sorted(java.util.Comparator.comparingLong(Delivery::id)).limit(n).toList();
    }

    /** due(): PENDING rows whose next attempt has come. */
    public static final String DUE_PENDING = "d.status = 'PENDING' AND d.next_attempt_at <= :now";
    /** due(): SENDING rows whose sender died before recording the answer (sent before :stale). */
    public static final String DUE_STALE_SENDING = "d.status = 'SENDING' AND d.sent_at < :stale";

    /**
     * The statement of one branch of due(), with parameters :dest, :now and :stale (public for the plan test). The
     * ORDER BY names the index's own columns (the first two are fixed by the WHERE, so it is id order): H2 then
     * reads the index in order and stops at the limit, where "ORDER BY d.id" made it sort every waiting row.
     * <p>
     * The per-patient check says {@code status <> 'DELIVERED'}, not {@code status IN (...)}, so that only the
     * patient's index (destination, patient_key, status, id) can answer it. With IN, PostgreSQL could answer it from
     * ix_oru_delivery_waiting, and it did when its statistics still described a quiet ledger (almost nothing
     * waiting) while a backlog had built up. It then read every waiting row once per candidate: 1,330 µs per ORU over
     * 1,000,000 delivered rows with 10,000 waiting, against 109 µs on an empty ledger.
     */
    public static String dueQuery(String branch, int limit) {
        return SELECT + "WHERE d.destination = :dest AND " + branch
                + " AND NOT EXISTS (SELECT 1 FROM oru_delivery e WHERE e.destination = :dest "
                + "AND e.patient_key = d.patient_key AND e.status <> 'DELIVERED'"
                + " AND e.id < d.id) ORDER BY d.status, d.destination, d.id FETCH FIRST " + limit + " ROWS ONLY";
    }

    /** A row to claim for sending, with the MSH-10 it goes with and its message carrying it. */
    public record Send(Delivery delivery, String controlId, String message) {
    }

    /** Claims a due row for sending; false when another dispatcher got it first. */
    public boolean claim(Delivery d, String controlId, String message) {
        return claimAll(List.of(new Send(d, controlId, message))).size() == 1;
    }

    /**
     * Claims due rows for sending (PENDING or stale SENDING to SENDING), all in one transaction: one commit for a
     * batch instead of one per ORU. A row another dispatcher changed since it was read is left out of the answer.
     */
    public List<Send> claimAll(List<Send> sends) {
        if (sends.isEmpty()) {
            return List.of();
        }
        Timestamp now = Timestamp.from(clock.instant());
        // The stored message is not rewritten with the MSH-10: control_id holds it, and the sent text is the stored
        // one with control_id patched into MSH-10 (OruMessages.withControlId), so a claim writes small columns only.
        MapSqlParameterSource[] batch = sends.stream().map(s -> new MapSqlParameterSource()
                .addValue("id", s.delivery().id()).addValue("control", s.controlId()).addValue("now", now)
                .addValue("status", s.delivery().status().name()).addValue("attempts", s.delivery().attempts()))
                .toArray(MapSqlParameterSource[]::new);
        int[] counts = inTransaction(() -> jdbc.batchUpdate("UPDATE oru_delivery SET status = 'SENDING', "
                + "control_id = :control, attempts = attempts + 1, sends = sends + 1, "
                + "sent_at = :now WHERE id = :id AND status = :status AND attempts = :attempts", batch));
        List<Send> won = new java.util.ArrayList<>();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 1) {
                won.add(sends.get(i));
            }
        }
        return won;
    }

    /**
     * What became of one sent row: delivered, back in line after {@code retryAfter}, or parked (FAILED). Recorded by
     * {@link #recordAll} for a whole batch in one commit.
     */
    public record Outcome(long id, DeliveryStatus status, String error, String ackCode, String ackText,
                          Duration retryAfter) {
    }

    /** Records a batch's outcomes in one transaction (a SENDING row keeps SENDING until its outcome is here). */
    public void recordAll(List<Outcome> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        Timestamp now = Timestamp.from(clock.instant());
        MapSqlParameterSource[] batch = outcomes.stream().map(o -> new MapSqlParameterSource()
                .addValue("id", o.id()).addValue("status", o.status().name())
                .addValue("error", o.status() == DeliveryStatus.DELIVERED ? null : LedgerText.fit(o.error()))
                .addValue("code", o.ackCode()).addValue("text", LedgerText.fit(o.ackText()))
                .addValue("next", Timestamp.from(o.retryAfter() == null ? now.toInstant()
                        : now.toInstant().plus(o.retryAfter())))
                .addValue("deliveredAt", o.status() == DeliveryStatus.DELIVERED ? now : null))
                .toArray(MapSqlParameterSource[]::new);
        inTransaction(() -> jdbc.batchUpdate("UPDATE oru_delivery SET status = :status, last_error = :error, "
                + "ack_code = :code, ack_text = :text, next_attempt_at = :next, "
                + "delivered_at = COALESCE(:deliveredAt, delivered_at) WHERE id = :id", batch));
    }

    /**
     * Puts claimed rows that were never sent back as they were read (a clean shutdown): a PENDING row is PENDING
     * again, due at once, with the attempt and the send taken back, so the next claim gives it the very MSH-10 it
     * had. (A stale SENDING row, left by a crash, goes back to SENDING with its old send time: it is resent at once
     * with its own MSH-10, which the EHR may already hold.) Only rows still SENDING under that control id are touched.
     */
    public int release(List<Send> claimed) {
        if (claimed.isEmpty()) {
            return 0;
        }
        Timestamp now = Timestamp.from(clock.instant());
        MapSqlParameterSource[] batch = claimed.stream().map(s -> new MapSqlParameterSource()
                .addValue("id", s.delivery().id()).addValue("control", s.controlId()).addValue("now", now)
                .addValue("status", s.delivery().status().name())
                .addValue("sentAt", s.delivery().sentAt() == null ? null : Timestamp.from(s.delivery().sentAt()),
                        java.sql.Types.TIMESTAMP))
                .toArray(MapSqlParameterSource[]::new);
        return java.util.Arrays.stream(inTransaction(() -> jdbc.batchUpdate("UPDATE oru_delivery SET "
                + "status = :status, sent_at = :sentAt, attempts = attempts - 1, sends = sends - 1, "
                + "next_attempt_at = :now WHERE id = :id AND status = 'SENDING' AND control_id = :control", batch)))
                .sum();
    }

    /** How many rows of a destination are SENDING now (a clean stop leaves none). */
    public int sending(String destination) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM oru_delivery WHERE destination = :dest AND "
                + "status = 'SENDING'", new MapSqlParameterSource("dest", destination), Integer.class);
        return n == null ? 0 : n;
    }

    /**
     * Runs {@code work} in one transaction; the ledger's own calls inside it join it (the dispatcher records a
     * batch's outcomes and claims the next batch in one commit).
     */
    public <T> T inTransaction(java.util.function.Supplier<T> work) {
        return transactions.execute(status -> work.get());
    }

    public void delivered(long id, String ackCode, String ackText) {
        jdbc.update("UPDATE oru_delivery SET status = 'DELIVERED', ack_code = :code, ack_text = :text, "
                + "last_error = NULL, delivered_at = :now WHERE id = :id", new MapSqlParameterSource()
                .addValue("id", id).addValue("code", ackCode).addValue("text", LedgerText.fit(ackText))
                .addValue("now", Timestamp.from(clock.instant())));
    }

    public void retryLater(long id, String error, String ackCode, String ackText, Duration delay) {
        update(id, DeliveryStatus.PENDING, error, ackCode, ackText, clock.instant().plus(delay));
    }

    public void park(long id, String error, String ackCode, String ackText) {
        update(id, DeliveryStatus.FAILED, error, ackCode, ackText, clock.instant());
    }

    /** Puts a parked (or any undelivered) delivery back in line, with a fresh set of attempts. */
    public boolean replay(long id) {
        return jdbc.update("UPDATE oru_delivery SET status = 'PENDING', attempts = 0, next_attempt_at = :now "
                + "WHERE id = :id AND status <> 'DELIVERED'", new MapSqlParameterSource().addValue("id", id)
                .addValue("now", Timestamp.from(clock.instant()))) == 1;
    }

    public Optional<Delivery> find(long id) {
        return one("WHERE d.id = :id", new MapSqlParameterSource("id", id));
    }

    public Optional<Delivery> find(String reportId, char resultStatus, String destination) {
        return one("WHERE d.report_id = :report AND d.result_status = :rs AND d.destination = :dest",
                new MapSqlParameterSource().addValue("report", reportId).addValue("dest", destination)
                        .addValue("rs", String.valueOf(resultStatus)));
    }

    public List<Delivery> list(DeliveryStatus status, int limit) {
        String where = status == null ? "" : "WHERE d.status = :status ";
        return jdbc.query(SELECT + where + "ORDER BY d.id FETCH FIRST "
                + Math.max(1, limit) + " ROWS ONLY", new MapSqlParameterSource("status",
                status == null ? null : status.name()), ROW);
    }

    public List<Delivery> forOrder(String spotOrderId) {
        return jdbc.query(SELECT + "WHERE d.spot_order_id = :order ORDER BY d.id",
                new MapSqlParameterSource("order", spotOrderId), ROW);
    }

    private void update(long id, DeliveryStatus status, String error, String ackCode, String ackText, Instant next) {
        jdbc.update("UPDATE oru_delivery SET status = :status, last_error = :error, ack_code = :code, "
                + "ack_text = :text, next_attempt_at = :next WHERE id = :id", new MapSqlParameterSource()
                .addValue("id", id).addValue("status", status.name()).addValue("error", LedgerText.fit(error))
                .addValue("code", ackCode).addValue("text", LedgerText.fit(ackText)).addValue("next", Timestamp.from(next)));
    }

    private Optional<Delivery> one(String where, MapSqlParameterSource p) {
        return jdbc.query(SELECT + where, p, ROW).stream().findFirst();
    }

    private static final RowMapper<Delivery> ROW = DeliveryLedger::row;

    private static Delivery row(ResultSet rs, int n) throws SQLException {
        return new Delivery(rs.getLong("id"), rs.getString("report_id"), rs.getString("spot_order_id"),
                rs.getString("kit_id"), rs.getString("patient_key"), rs.getString("destination"),
                rs.getString("result_status").charAt(0), DeliveryStatus.valueOf(rs.getString("status")),
                rs.getString("control_id"), rs.getString("message"), rs.getInt("attempts"), rs.getInt("sends"), rs.getString("ack_code"),
                rs.getString("ack_text"), rs.getString("last_error"), instant(rs, "created_at"),
                instant(rs, "next_attempt_at"), instant(rs, "sent_at"), instant(rs, "delivered_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
