package io.spotlink.retention;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The order ledger (table spot_order, requisitions included, with the kits and status events of each order).
 * Content: the canonical order JSON (name, birth date, address, phone, e-mail) and the MRN. Metadata: ids, statuses,
 * attempts, last error, times; the order's kits and status events go with it, and so do its deliveries (see
 * {@link #pruneMetadata}).
 *
 * <p>Only finished orders are pruned: refused by Spot (REJECTED), or submitted and completed or canceled at Spot, no
 * longer watched for late amendments ({@code spotlink.results.watch-completed-for}), with kits seen when completed,
 * and every delivery accepted. An order being submitted, kept FAILED for retry or an operator, still open at Spot, or
 * with a delivery pending or parked is never touched, nor is any status this class does not know.
 */
public class OrderRetention implements RetainedStore {

    public static final String NAME = "orders";
    /** The payload of an order whose content was pruned (the column is NOT NULL; a real order is never empty). */
    public static final String PRUNED_PAYLOAD = "";

    private static final String FINISHED = "(o.status = 'REJECTED' OR (o.status = 'SUBMITTED' "
            + "AND o.spot_status IN ('completed', 'canceled') AND COALESCE(o.spot_updated, o.updated_at) < :watchSince "
            + "AND (o.spot_status = 'canceled' OR EXISTS (SELECT 1 FROM spot_kit k WHERE k.spot_order_id = o.spot_order_id)) "
            + "AND NOT EXISTS (SELECT 1 FROM oru_delivery d WHERE d.spot_order_id = o.spot_order_id "
            + "AND d.status IN " + io.spotlink.delivery.DeliveryStatus.UNDELIVERED_SQL + ")))";
    private static final String CONTENT_DUE = "o.content_pruned_at IS NULL AND o.updated_at < :cutoff AND " + FINISHED;
    /** Its deliveries must be past the delivery ledger's own metadata clock too: they are removed with the order. */
    private static final String METADATA_DUE = "o.updated_at < :cutoff AND " + FINISHED
            + " AND NOT EXISTS (SELECT 1 FROM oru_delivery d WHERE d.spot_order_id = o.spot_order_id "
            + "AND (d.delivered_at IS NULL OR d.delivered_at >= :deliveriesCutoff))";

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final Duration watchCompletedFor;
    private final RetentionClocks deliveryClocks;
    private final PruneArchive archive;

    /**
     * @param watchCompletedFor how long result-poll still follows a completed order (its content builds late ORUs)
     * @param deliveryClocks    the delivery ledger's clocks: an order's record goes only once its deliveries may go
     */
    public OrderRetention(DataSource dataSource, Clock clock, Duration watchCompletedFor,
                          RetentionClocks deliveryClocks, PruneArchive archive) {
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
        this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.clock = clock;
        this.watchCompletedFor = watchCompletedFor;
        this.deliveryClocks = deliveryClocks;
        this.archive = archive;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int pruneContent(Instant cutoff, int batch) throws Exception {
        MapSqlParameterSource p = params(cutoff);
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT o.id, o.source_system, o.source_order_id, "
                + "o.spot_order_id, o.spot_kind, o.mrn, o.payload, o.updated_at FROM spot_order o WHERE " + CONTENT_DUE
                + " FETCH FIRST " + batch + " ROWS ONLY", p);
        if (rows.isEmpty()) {
            return 0;
        }
        archive.rows(NAME, "content", rows);
        // The condition again: an order a resubmission re-claimed in between keeps its new content
        return jdbc.update("UPDATE spot_order o SET payload = :pruned, mrn = NULL, content_pruned_at = :now "
                + "WHERE o.id IN (:ids) AND " + CONTENT_DUE, p.addValue("ids", ids(rows))
                .addValue("pruned", PRUNED_PAYLOAD).addValue("now", Timestamp.from(clock.instant())));
    }

    /**
     * Removes finished orders with their kits, status events and deliveries, in one short transaction per batch: an
     * order's kits never go without it (an order without kits counts as open again). An order goes only when each
     * of its deliveries was accepted before the delivery ledger's metadata cutoff (never, when that is kept), so a
     * late callback can never find the order without the record that its results went out.
     */
    @Override
    public int pruneMetadata(Instant cutoff, int batch) throws Exception {
        Instant deliveriesCutoff = deliveryClocks.metadataCutoff(clock.instant()).orElse(Instant.EPOCH);
        MapSqlParameterSource p = params(cutoff).addValue("deliveriesCutoff", Timestamp.from(deliveriesCutoff));
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT o.* FROM spot_order o WHERE " + METADATA_DUE
                + " FETCH FIRST " + batch + " ROWS ONLY", p);
        if (rows.isEmpty()) {
            return 0;
        }
        archive.rows(NAME, "metadata", rows);
        p.addValue("ids", ids(rows));
        Integer removed = transaction.execute(status -> {
            // the condition again, inside the transaction: an order that changed in between stays, with its kits
            List<Map<String, Object>> due = jdbc.queryForList("SELECT o.id, o.spot_order_id FROM spot_order o "
                    + "WHERE o.id IN (:ids) AND " + METADATA_DUE, p);
            if (due.isEmpty()) {
                return 0;
            }
            List<String> spotIds = due.stream().map(r -> (String) r.get("SPOT_ORDER_ID")).filter(id -> id != null)
                    .toList();
            MapSqlParameterSource children = new MapSqlParameterSource("ids", ids(due))
                    .addValue("spotIds", spotIds.isEmpty() ? List.of("") : spotIds)
                    .addValue("deliveriesCutoff", p.getValue("deliveriesCutoff"));
            jdbc.update("DELETE FROM spot_status_event WHERE kit_id IN (SELECT k.kit_id FROM spot_kit k "
                    + "WHERE k.spot_order_id IN (:spotIds))", children);
            jdbc.update("DELETE FROM spot_kit WHERE spot_order_id IN (:spotIds)", children);
            jdbc.update("DELETE FROM oru_delivery WHERE spot_order_id IN (:spotIds) AND status = 'DELIVERED' "
                    + "AND delivered_at < :deliveriesCutoff", children);
            return jdbc.update("DELETE FROM spot_order WHERE id IN (:ids)", children);
        });
        return removed == null ? 0 : removed;
    }

    private MapSqlParameterSource params(Instant cutoff) {
        return new MapSqlParameterSource().addValue("cutoff", Timestamp.from(cutoff))
                .addValue("watchSince", Timestamp.from(clock.instant().minus(watchCompletedFor)));
    }

    static List<Long> ids(List<Map<String, Object>> rows) {
        List<Long> ids = new ArrayList<>(rows.size());
        for (Map<String, Object> row : rows) {
            ids.add(((Number) row.get("ID")).longValue());
        }
        return ids;
    }
}
