package io.spotlink.cancel;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ledger side of cancel and change requests (tables order_cancel and order_change, migration V10), and the two
 * conditional updates of spot_order they need. Every statement is parameterised. A cancel is one row per order
 * (its primary key), so a repeat inserts nothing; a not-yet-created order is canceled by an update that matches
 * only while it is FAILED or REJECTED with no Spot id, so it cannot race order-retry's or a resend's claim (the
 * claim matches the same states, and only one of the two updates wins).
 */
public class RequestLedger {

    private static final String CANCEL_COLUMNS = "order_id, spot_order_id, channel, requested_by, requested_at, state";

    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;

    public RequestLedger(DataSource dataSource, Clock clock) {
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
        this.clock = clock;
    }

    /** CANCELED in spot_order, only while Spot never had it and nobody is sending it: true when this call won. */
    public boolean cancelUnsent(long orderId) {
        return jdbc.update("UPDATE spot_order SET status = 'CANCELED', updated_at = :now WHERE id = :id "
                + "AND spot_order_id IS NULL AND status IN ('FAILED', 'REJECTED')", new MapSqlParameterSource()
                .addValue("id", orderId).addValue("now", Timestamp.from(clock.instant()))) == 1;
    }

    /**
     * Records a cancel request; false when the order has one already (a repeat: nothing is changed). A REQUESTED
     * cancel whose order Spot shows canceled already needs no operator: {@code alerted} marks it done.
     */
    public boolean recordCancel(CancelRequest request, boolean alerted) {
        try {
            jdbc.update("INSERT INTO order_cancel (" + CANCEL_COLUMNS + ", alerted_at) VALUES (:order, :spot, "
                    + ":channel, :by, :at, :state, :alerted)", new MapSqlParameterSource()
                    .addValue("order", request.orderId()).addValue("spot", request.spotOrderId())
                    .addValue("channel", request.channel()).addValue("by", request.requestedBy())
                    .addValue("at", Timestamp.from(request.requestedAt())).addValue("state", request.state().name())
                    .addValue("alerted", alerted ? Timestamp.from(request.requestedAt()) : null));
            return true;
        } catch (DuplicateKeyException repeat) {
            return false;
        }
    }

    public Optional<CancelRequest> cancelOf(long orderId) {
        return jdbc.query("SELECT " + CANCEL_COLUMNS + " FROM order_cancel WHERE order_id = :order",
                new MapSqlParameterSource("order", orderId), (rs, n) -> cancel(rs)).stream().findFirst();
    }

    /** The cancel request of a Spot order, if the hospital asked for one (for the results' NTE). */
    public Optional<CancelRequest> cancelOfSpotOrder(String spotOrderId) {
        return jdbc.query("SELECT " + CANCEL_COLUMNS + " FROM order_cancel WHERE spot_order_id = :spot",
                new MapSqlParameterSource("spot", spotOrderId), (rs, n) -> cancel(rs)).stream().findFirst();
    }

    /** Cancel requests by ledger order id, for the order list (one query for the whole page). */
    public Map<Long, CancelRequest> cancelsOf(List<Long> orderIds) {
        if (orderIds.isEmpty()) {
            return Map.of();
        }
        Map<Long, CancelRequest> found = new java.util.HashMap<>();
        jdbc.query("SELECT " + CANCEL_COLUMNS + " FROM order_cancel WHERE order_id IN (:ids)",
                new MapSqlParameterSource("ids", orderIds), rs -> {
                    CancelRequest c = cancel(rs);
                    found.put(c.orderId(), c);
                });
        return found;
    }

    /** Ledger order ids with a cancel REQUESTED at Spot, newest first (the operator page's "pending cancels"). */
    public List<Long> pendingCancelOrderIds(int limit) {
        return jdbc.queryForList("SELECT order_id FROM order_cancel WHERE state = 'REQUESTED' ORDER BY requested_at "
                + "DESC FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY", new MapSqlParameterSource(), Long.class);
    }

    /** Replaces the stored canonical order (a change), keeping its status. */
    public void replacePayload(long orderId, String payload, String payloadHash) {
        jdbc.update("UPDATE spot_order SET payload = :payload, payload_hash = :hash, updated_at = :now "
                + "WHERE id = :id", new MapSqlParameterSource().addValue("id", orderId)
                .addValue("payload", payload).addValue("hash", payloadHash)
                .addValue("now", Timestamp.from(clock.instant())));
    }

    public void recordChange(long orderId, String spotOrderId, String channel, String requestedBy, String state,
                             List<String> applied, List<String> refused) {
        jdbc.update("INSERT INTO order_change (order_id, spot_order_id, channel, requested_by, requested_at, state, "
                + "applied_fields, refused_fields) VALUES (:order, :spot, :channel, :by, :at, :state, :applied, "
                + ":refused)", new MapSqlParameterSource().addValue("order", orderId).addValue("spot", spotOrderId)
                .addValue("channel", channel).addValue("by", requestedBy)
                .addValue("at", Timestamp.from(clock.instant())).addValue("state", state)
                .addValue("applied", fit(applied)).addValue("refused", fit(refused)));
    }

    /** What an operator must hear about now: each not-yet-alerted row, marked alerted as it is read. */
    public synchronized List<PendingAlert> takeUnalerted() {
        Timestamp now = Timestamp.from(clock.instant());
        List<PendingAlert> cancels = jdbc.query("SELECT c.order_id, c.spot_order_id, o.source_system, "
                + "o.source_order_id FROM order_cancel c JOIN spot_order o ON o.id = c.order_id "
                + "WHERE c.state = 'REQUESTED' AND c.alerted_at IS NULL ORDER BY c.requested_at",
                new MapSqlParameterSource(), (rs, n) -> new PendingAlert("cancel", rs.getLong(1), rs.getString(2),
                        rs.getString(3), rs.getString(4), null));
        List<PendingAlert> changes = jdbc.query("SELECT c.id, c.spot_order_id, o.source_system, o.source_order_id, "
                + "c.refused_fields FROM order_change c JOIN spot_order o ON o.id = c.order_id "
                + "WHERE c.state = 'PARTIAL' AND c.alerted_at IS NULL ORDER BY c.id", new MapSqlParameterSource(),
                (rs, n) -> new PendingAlert("change", rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5)));
        for (PendingAlert c : cancels) {
            jdbc.update("UPDATE order_cancel SET alerted_at = :now WHERE order_id = :id",
                    new MapSqlParameterSource("id", c.rowId()).addValue("now", now));
        }
        for (PendingAlert c : changes) {
            jdbc.update("UPDATE order_change SET alerted_at = :now WHERE id = :id",
                    new MapSqlParameterSource("id", c.rowId()).addValue("now", now));
        }
        List<PendingAlert> all = new java.util.ArrayList<>(cancels);
        all.addAll(changes);
        return all;
    }

    /** One row an operator must act on: ids and field names only. */
    public record PendingAlert(String kind, long rowId, String spotOrderId, String sourceSystem,
                               String sourceOrderId, String refusedFields) {
    }

    private static String fit(List<String> fields) {
        if (fields == null || fields.isEmpty()) {
            return null;
        }
        String joined = String.join(",", fields);
        return joined.length() <= 1000 ? joined : joined.substring(0, 996) + ",...";
    }

    private static CancelRequest cancel(java.sql.ResultSet rs) throws java.sql.SQLException {
        Instant at = rs.getTimestamp("requested_at").toInstant();
        return new CancelRequest(rs.getLong("order_id"), rs.getString("spot_order_id"), rs.getString("channel"),
                rs.getString("requested_by"), at, CancelRequest.State.valueOf(rs.getString("state")));
    }
}
