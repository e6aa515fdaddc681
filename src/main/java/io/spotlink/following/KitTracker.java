package io.spotlink.following;

import io.spotlink.spot.model.Kit;
import io.spotlink.spot.model.Order;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;

/** Records each kit's and sample's status as last seen at Spot, and every change as an event. */
public class KitTracker {

    private static final Logger LOG = LoggerFactory.getLogger(KitTracker.class);
    /** spot_kit's id columns; statuses are bounded to the same size by the model (SpotEnums). */
    private static final int MAX_ID = 32;

    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;

    public KitTracker(DataSource dataSource, Clock clock) {
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
        this.clock = clock;
    }

    /**
     * Returns how many kit or sample status changes this order brought. Safe beside a concurrent writer (the poll and
     * a callback's fetch, on any replica): the row is inserted if absent, tolerating a concurrent insert, and each
     * status is changed by a conditional UPDATE, so exactly one writer sees a given change and records its event.
     */
    public int record(Order order) {
        int changes = 0;
        List<Kit> all = order.kits();
        for (int i = 0; i < all.size(); i++) {
            Kit kit = all.get(i);
            if (kit == null || kit.kitId() == null || kit.kitId().isBlank()) {
                continue;
            }
            if (kit.kitId().length() > MAX_ID) {
                // not a Spot kit id (they are short): that kit cannot be tracked, the order's other kits are
                LOG.warn("Order {}: kit {} has an id Spotlink cannot store; its status is not tracked",
                        order.orderId(), i);
                continue;
            }
            String kitStatus = kit.status() == null ? null : kit.status().wire();
            String sampleId = kit.sample() == null || kit.sample().sampleId() == null
                    || kit.sample().sampleId().length() > MAX_ID ? null : kit.sample().sampleId();
            String sampleStatus = kit.sample() == null || kit.sample().status() == null ? null
                    : kit.sample().status().wire();
            MapSqlParameterSource p = new MapSqlParameterSource().addValue("kit", kit.kitId())
                    .addValue("order", order.orderId()).addValue("kitStatus", kitStatus)
                    .addValue("sample", sampleId).addValue("sampleStatus", sampleStatus)
                    .addValue("now", Timestamp.from(clock.instant()));
            if (insertIfAbsent(p)) {
                changes += event(kit.kitId(), "KIT", kitStatus, p);
                changes += event(kit.kitId(), "SAMPLE", sampleStatus, p);
                continue;
            }
            if (kitStatus != null && jdbc.update("UPDATE spot_kit SET kit_status = :kitStatus, updated_at = :now "
                    + "WHERE kit_id = :kit AND (kit_status IS NULL OR kit_status <> :kitStatus)", p) == 1) {
                changes += event(kit.kitId(), "KIT", kitStatus, p);
            }
            if (sampleStatus != null && jdbc.update("UPDATE spot_kit SET sample_status = :sampleStatus, "
                    + "sample_id = COALESCE(:sample, sample_id), updated_at = :now WHERE kit_id = :kit "
                    + "AND (sample_status IS NULL OR sample_status <> :sampleStatus)", p) == 1) {
                changes += event(kit.kitId(), "SAMPLE", sampleStatus, p);
            }
        }
        return changes;
    }

    /** Inserts the kit's row unless it is there; false when it was (or a concurrent writer inserted it first). */
    private boolean insertIfAbsent(MapSqlParameterSource p) {
        if (!jdbc.queryForList("SELECT 1 FROM spot_kit WHERE kit_id = :kit", p).isEmpty()) {
            return false;
        }
        try {
            return jdbc.update("INSERT INTO spot_kit (kit_id, spot_order_id, kit_status, sample_id, sample_status, "
                    + "updated_at) VALUES (:kit, :order, :kitStatus, :sample, :sampleStatus, :now)", p) == 1;
        } catch (DuplicateKeyException concurrentWriter) {
            return false; // the other writer's row is there now: the conditional updates below take it from here
        }
    }

    /** The Spot order a known kit belongs to. */
    public java.util.Optional<String> orderOf(String kitId) {
        return jdbc.queryForList("SELECT spot_order_id FROM spot_kit WHERE kit_id = :kit",
                new MapSqlParameterSource("kit", kitId), String.class).stream().findFirst();
    }

    /** The kits of an order as last seen at Spot: kit_id, kit_status, sample_id, sample_status (no kit type). */
    public List<java.util.Map<String, Object>> kitsOf(String spotOrderId) {
        return jdbc.query("SELECT kit_id, kit_status, sample_id, sample_status FROM spot_kit WHERE spot_order_id = "
                + ":order ORDER BY kit_id", new MapSqlParameterSource("order", spotOrderId), (rs, n) -> {
                    java.util.Map<String, Object> kit = new java.util.LinkedHashMap<>();
                    kit.put("kit_id", rs.getString("kit_id"));
                    kit.put("status", rs.getString("kit_status"));
                    kit.put("sample_id", rs.getString("sample_id"));
                    kit.put("sample_status", rs.getString("sample_status"));
                    return kit;
                });
    }

    /** Status history of one kit, oldest first, as "KIT:delivered" / "SAMPLE:resulted". */
    public List<String> history(String kitId) {
        return jdbc.queryForList("SELECT subject, status FROM spot_status_event WHERE kit_id = :kit ORDER BY id",
                new MapSqlParameterSource("kit", kitId)).stream()
                .map(r -> r.get("subject") + ":" + r.get("status")).toList();
    }

    private int event(String kitId, String subject, String after, MapSqlParameterSource p) {
        if (after == null) {
            return 0;
        }
        jdbc.update("INSERT INTO spot_status_event (kit_id, subject, status, seen_at) VALUES (:kit, :subject, "
                + ":status, :now)", new MapSqlParameterSource(p.getValues()).addValue("subject", subject)
                .addValue("status", after));
        return 1;
    }
}
