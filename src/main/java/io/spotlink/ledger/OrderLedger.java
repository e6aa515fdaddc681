package io.spotlink.ledger;

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
 * The order ledger. Every statement is parameterised. Exactly one submitter wins the claim of an order: the
 * insert relies on the unique (source_system, source_order_id) key, and re-claiming a failed or orphaned order
 * is a conditional update that only one caller can match. A claim records its owner (this instance's id); a
 * SUBMITTING claim is orphaned once its owner's heartbeat in {@code ledger_instance} is older than
 * {@code ownerTimeout} or absent, and only then may another instance take it.
 */
public class OrderLedger {

    /** The outcome of a claim: the row as it stands, and whether this caller now owns the submission. */
    public record Claim(OrderRecord record, boolean won) {
    }

    private static final String COLUMNS = "id, source_system, source_order_id, mrn, payload_hash, payload, "
            + "spot_order_id, status, spot_status, attempts, last_error, created_at, updated_at, claimed_by";

    /**
     * A SUBMITTING row whose owner is another instance that is dead: its heartbeat is stale or gone. Rows claimed
     * before owners were recorded (claimed_by NULL) are judged by their own age.
     */
    private static final String ORPHANED = "status = 'SUBMITTING' AND ((claimed_by IS NULL AND updated_at < :alive) "
            + "OR (claimed_by <> :me AND NOT EXISTS (SELECT 1 FROM ledger_instance i "
            + "WHERE i.instance_id = spot_order.claimed_by AND i.heartbeat_at >= :alive)))";

    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;
    private final String instanceId;
    private final Duration ownerTimeout;

    /**
     * @param instanceId   this process's id, recorded as the owner of its claims (see {@link InstanceHeartbeat})
     * @param ownerTimeout how old an owner's heartbeat may be before its SUBMITTING claims count as orphaned
     */
    public OrderLedger(DataSource dataSource, Clock clock, String instanceId, Duration ownerTimeout) {
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
        this.clock = clock;
        this.instanceId = instanceId;
        this.ownerTimeout = ownerTimeout;
    }

    public String instanceId() {
        return instanceId;
    }

    /**
     * Claims an order for submission. A new order is inserted as SUBMITTING. An existing one is re-claimed when it
     * FAILED, was REJECTED, or was left SUBMITTING by a dead instance (orphaned); then its payload is replaced by the
     * new one. A re-claimed order may already exist at Spot: the caller looks before creating it again.
     */
    public Claim claim(String sourceSystem, String sourceOrderId, String mrn, String payloadHash, String payload) {
        Instant now = clock.instant();
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("system", sourceSystem).addValue("orderId", sourceOrderId).addValue("mrn", mrn)
                .addValue("hash", payloadHash).addValue("payload", payload)
                .addValue("status", LedgerStatus.SUBMITTING.name()).addValue("now", Timestamp.from(now))
                .addValue("me", instanceId);
        try {
            jdbc.update("INSERT INTO spot_order (source_system, source_order_id, mrn, payload_hash, payload, status, "
                    + "attempts, created_at, updated_at, claimed_by) VALUES (:system, :orderId, :mrn, :hash, "
                    + ":payload, :status, 1, :now, :now, :me)", params);
            return new Claim(findBySource(sourceSystem, sourceOrderId).orElseThrow(), true);
        } catch (DuplicateKeyException alreadyThere) {
            params.addValue("alive", aliveSince(now));
            // a re-claim brings new content: a REJECTED order whose content retention pruned holds it again
            int reclaimed = jdbc.update("UPDATE spot_order SET status = :status, mrn = :mrn, payload_hash = :hash, "
                    + "payload = :payload, attempts = attempts + 1, updated_at = :now, claimed_by = :me, "
                    + "content_pruned_at = NULL "
                    + "WHERE source_system = :system AND source_order_id = :orderId AND spot_order_id IS NULL "
                    + "AND (status IN ('FAILED', 'REJECTED') OR (" + ORPHANED + "))", params);
            return new Claim(findBySource(sourceSystem, sourceOrderId).orElseThrow(), reclaimed == 1);
        }
    }

    /** SUBMITTING orders whose owner is dead (see the class comment), oldest first. */
    public List<OrderRecord> orphaned() {
        return jdbc.query("SELECT " + COLUMNS + " FROM spot_order WHERE spot_order_id IS NULL AND " + ORPHANED
                + " ORDER BY id", new MapSqlParameterSource().addValue("me", instanceId)
                .addValue("alive", aliveSince(clock.instant())), ROW);
    }

    /**
     * Takes over an orphaned order as {@code seen} by {@link #orphaned()}, keeping its payload. Only one instance
     * wins: the update matches only while the row is still orphaned and unchanged since it was read.
     */
    public Optional<OrderRecord> reclaimOrphaned(OrderRecord seen) {
        Instant now = clock.instant();
        int won = jdbc.update("UPDATE spot_order SET attempts = attempts + 1, updated_at = :now, claimed_by = :me "
                + "WHERE id = :id AND attempts = :attempts AND spot_order_id IS NULL AND " + ORPHANED,
                new MapSqlParameterSource().addValue("id", seen.id()).addValue("attempts", seen.attempts())
                        .addValue("now", Timestamp.from(now)).addValue("me", instanceId)
                        .addValue("alive", aliveSince(now)));
        return won == 1 ? findById(seen.id()) : Optional.empty();
    }

    private Timestamp aliveSince(Instant now) {
        return Timestamp.from(now.minus(ownerTimeout));
    }

    public void markSubmitted(long id, String spotOrderId, String spotStatus) {
        jdbc.update("UPDATE spot_order SET status = 'SUBMITTED', spot_order_id = :spotId, spot_status = :spotStatus, "
                + "last_error = NULL, updated_at = :now WHERE id = :id", new MapSqlParameterSource()
                .addValue("id", id).addValue("spotId", spotOrderId).addValue("spotStatus", spotStatus)
                .addValue("now", Timestamp.from(clock.instant())));
    }

    /**
     * Like {@link #markSubmitted}, for an order Spot took as a requisition: {@code spot_order_id} holds the
     * requisition id and {@code spot_kind} says so; {@code spotStatus} is the order status it stands for.
     */
    public void markSubmittedRequisition(long id, String requisitionId, String spotStatus) {
        jdbc.update("UPDATE spot_order SET status = 'SUBMITTED', spot_order_id = :spotId, spot_status = :spotStatus, "
                + "spot_kind = 'requisition', last_error = NULL, updated_at = :now WHERE id = :id",
                new MapSqlParameterSource().addValue("id", id).addValue("spotId", requisitionId)
                        .addValue("spotStatus", spotStatus).addValue("now", Timestamp.from(clock.instant())));
    }

    /** True when this Spot id is a requisition's (see {@link #markSubmittedRequisition}), not an order's. */
    public boolean isRequisition(String spotId) {
        return !jdbc.queryForList("SELECT 1 FROM spot_order WHERE spot_order_id = :spotId AND spot_kind = "
                + "'requisition'", new MapSqlParameterSource("spotId", spotId)).isEmpty();
    }

    public void markFailed(long id, String error) {
        setError(id, LedgerStatus.FAILED, error);
    }

    public void markRejected(long id, String error) {
        setError(id, LedgerStatus.REJECTED, error);
    }

    /** Records Spot's latest order status (kept apart from Spotlink's own status). */
    public void updateSpotStatus(String spotOrderId, String spotStatus) {
        jdbc.update("UPDATE spot_order SET spot_status = :spotStatus, updated_at = :now "
                + "WHERE spot_order_id = :spotId AND (spot_status IS NULL OR spot_status <> :spotStatus)",
                new MapSqlParameterSource().addValue("spotId", spotOrderId).addValue("spotStatus", spotStatus)
                        .addValue("now", Timestamp.from(clock.instant())));
    }

    public Optional<OrderRecord> findBySource(String sourceSystem, String sourceOrderId) {
        return one("WHERE source_system = :system AND source_order_id = :orderId", new MapSqlParameterSource()
                .addValue("system", sourceSystem).addValue("orderId", sourceOrderId));
    }

    /** Orders with this source order id, from any source system. */
    public List<OrderRecord> findBySourceOrderId(String sourceOrderId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM spot_order WHERE source_order_id = :orderId ORDER BY id",
                new MapSqlParameterSource("orderId", sourceOrderId), ROW);
    }

    /**
     * The newest orders (at most {@code limit}), only those with this source order id and/or status when given: the
     * operator page's search. The filters are bound parameters; only fixed text is joined into the statement.
     */
    public List<OrderRecord> search(String sourceOrderId, LedgerStatus status, int limit) {
        List<String> where = new java.util.ArrayList<>();
        MapSqlParameterSource params = new MapSqlParameterSource();
        if (sourceOrderId != null) {
            where.add("source_order_id = :orderId");
            params.addValue("orderId", sourceOrderId);
        }
        if (status != null) {
            where.add("status = :status");
            params.addValue("status", status.name());
        }
        return jdbc.query("SELECT " + COLUMNS + " FROM spot_order " + (where.isEmpty() ? "" : "WHERE "
                + String.join(" AND ", where) + " ") + "ORDER BY id DESC FETCH FIRST " + Math.max(1, limit)
                + " ROWS ONLY", params, ROW);
    }

    public Optional<OrderRecord> findBySpotOrderId(String spotOrderId) {
        return one("WHERE spot_order_id = :spotId", new MapSqlParameterSource("spotId", spotOrderId));
    }

    public Optional<OrderRecord> findById(long id) {
        return one("WHERE id = :id", new MapSqlParameterSource("id", id));
    }

    /**
     * Up to {@code limit} FAILED orders (Spot was unavailable) last tried before {@code before}, with attempts left,
     * in id order after {@code afterId}: a page of what order-retry resubmits.
     */
    public List<OrderRecord> retryable(Instant before, int maxAttempts, long afterId, int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM spot_order WHERE status = 'FAILED' AND updated_at < :before "
                + "AND attempts < :max AND id > :after ORDER BY id FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY",
                new MapSqlParameterSource().addValue("before", Timestamp.from(before)).addValue("max", maxAttempts)
                        .addValue("after", afterId), ROW);
    }

    public int count() {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM spot_order", new MapSqlParameterSource(), Integer.class);
        return n == null ? 0 : n;
    }

    private void setError(long id, LedgerStatus status, String error) {
        jdbc.update("UPDATE spot_order SET status = :status, last_error = :error, updated_at = :now WHERE id = :id",
                new MapSqlParameterSource().addValue("id", id).addValue("status", status.name())
                        .addValue("error", LedgerText.fit(error)).addValue("now", Timestamp.from(clock.instant())));
    }

    private Optional<OrderRecord> one(String where, MapSqlParameterSource params) {
        return jdbc.query("SELECT " + COLUMNS + " FROM spot_order " + where, params, ROW).stream().findFirst();
    }

    private static final RowMapper<OrderRecord> ROW = OrderLedger::row;

    private static OrderRecord row(ResultSet rs, int n) throws SQLException {
        return new OrderRecord(rs.getLong("id"), rs.getString("source_system"), rs.getString("source_order_id"),
                rs.getString("mrn"), rs.getString("payload_hash"), rs.getString("payload"),
                rs.getString("spot_order_id"), LedgerStatus.valueOf(rs.getString("status")),
                rs.getString("spot_status"), rs.getInt("attempts"), rs.getString("last_error"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant(),
                rs.getString("claimed_by"));
    }
}
