package io.spotlink.retention;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The delivery ledger (tables oru_delivery and oru_message). Content: the ORU text (oru_message), the EHR's ACK text and the last error (both may
 * quote the message) and the patient key (it carries the MRN). Metadata: report, order, kit, destination, status,
 * control id, attempts, ACK code, times. Only accepted (DELIVERED) rows are pruned, timed from their delivery: a
 * pending, sending or parked (FAILED) delivery is never touched. A delivery's record is removed with its order's
 * (see {@link OrderRetention#pruneMetadata}); this store removes only accepted records whose order is gone.
 */
public class DeliveryRetention implements RetainedStore {

    public static final String NAME = "deliveries";
    /** The patient key of a pruned row (NOT NULL; only undelivered rows are ever compared by it). */
    static final String PRUNED_PATIENT_KEY = "pruned";

    private static final String CONTENT_DUE = "d.status = 'DELIVERED' AND d.delivered_at < :cutoff "
            + "AND d.content_pruned_at IS NULL";
    private static final String METADATA_DUE = "d.status = 'DELIVERED' AND d.delivered_at < :cutoff "
            + "AND NOT EXISTS (SELECT 1 FROM spot_order o WHERE o.spot_order_id = d.spot_order_id)";

    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;
    private final PruneArchive archive;
    private final TransactionTemplate transaction;

    public DeliveryRetention(DataSource dataSource, Clock clock, PruneArchive archive) {
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
        this.clock = clock;
        this.archive = archive;
        this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int pruneContent(Instant cutoff, int batch) throws Exception {
        MapSqlParameterSource p = new MapSqlParameterSource("cutoff", Timestamp.from(cutoff));
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT d.id, d.report_id, d.result_status, "
                + "d.spot_order_id, d.destination, d.control_id, d.patient_key, m.message, d.ack_code, d.ack_text, "
                + "d.last_error, d.delivered_at FROM oru_delivery d LEFT JOIN oru_message m ON m.delivery_id = d.id "
                + "WHERE " + CONTENT_DUE
                + " FETCH FIRST " + batch + " ROWS ONLY", p);
        if (rows.isEmpty()) {
            return 0;
        }
        archive.rows(NAME, "content", rows);
        p.addValue("ids", OrderRetention.ids(rows)).addValue("prunedKey", PRUNED_PATIENT_KEY)
                .addValue("now", Timestamp.from(clock.instant()));
        return transaction.execute(status -> {
            int pruned = jdbc.update("UPDATE oru_delivery d SET ack_text = NULL, last_error = NULL, "
                    + "patient_key = :prunedKey, content_pruned_at = :now WHERE d.id IN (:ids) AND " + CONTENT_DUE, p);
            // the ORU text of exactly the rows marked pruned above (a row that changed meanwhile keeps its text)
            jdbc.update("DELETE FROM oru_message WHERE delivery_id IN (SELECT d.id FROM oru_delivery d "
                    + "WHERE d.id IN (:ids) AND d.content_pruned_at = :now)", p);
            return pruned;
        });
    }

    @Override
    public int pruneMetadata(Instant cutoff, int batch) throws Exception {
        MapSqlParameterSource p = new MapSqlParameterSource("cutoff", Timestamp.from(cutoff));
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT d.* FROM oru_delivery d WHERE " + METADATA_DUE
                + " FETCH FIRST " + batch + " ROWS ONLY", p);
        if (rows.isEmpty()) {
            return 0;
        }
        archive.rows(NAME, "metadata", rows);
        return jdbc.update("DELETE FROM oru_delivery d WHERE d.id IN (:ids) AND " + METADATA_DUE,
                p.addValue("ids", OrderRetention.ids(rows)));
    }
}
