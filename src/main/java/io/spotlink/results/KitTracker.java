package io.spotlink.results;

import io.spotlink.spot.model.Kit;
import io.spotlink.spot.model.Order;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Records each kit's and sample's status as last seen at Spot, and every change as an event. */
public class KitTracker {

    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;

    public KitTracker(DataSource dataSource, Clock clock) {
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
        this.clock = clock;
    }

    /** Returns how many kit or sample status changes this order brought. */
    public int record(Order order) {
        int changes = 0;
        for (Kit kit : order.kits()) {
            String kitStatus = kit.status() == null ? null : kit.status().wire();
            String sampleId = kit.sample() == null ? null : kit.sample().sampleId();
            String sampleStatus = kit.sample() == null || kit.sample().status() == null ? null
                    : kit.sample().status().wire();
            MapSqlParameterSource p = new MapSqlParameterSource().addValue("kit", kit.kitId())
                    .addValue("order", order.orderId()).addValue("kitStatus", kitStatus)
                    .addValue("sample", sampleId).addValue("sampleStatus", sampleStatus)
                    .addValue("now", Timestamp.from(clock.instant()));
            List<Map<String, Object>> seen = jdbc.queryForList(
                    "SELECT kit_status, sample_status FROM spot_kit WHERE kit_id = :kit", p);
            if (seen.isEmpty()) {
                jdbc.update("INSERT INTO spot_kit (kit_id, spot_order_id, kit_status, sample_id, sample_status, "
                        + "updated_at) VALUES (:kit, :order, :kitStatus, :sample, :sampleStatus, :now)", p);
            } else {
                jdbc.update("UPDATE spot_kit SET kit_status = :kitStatus, sample_id = :sample, "
                        + "sample_status = :sampleStatus, updated_at = :now WHERE kit_id = :kit", p);
            }
            Object oldKit = seen.isEmpty() ? null : seen.get(0).get("kit_status");
            Object oldSample = seen.isEmpty() ? null : seen.get(0).get("sample_status");
            changes += event(kit.kitId(), "KIT", oldKit, kitStatus, p);
            changes += event(kit.kitId(), "SAMPLE", oldSample, sampleStatus, p);
        }
        return changes;
    }

    /** The Spot order a known kit belongs to. */
    public java.util.Optional<String> orderOf(String kitId) {
        return jdbc.queryForList("SELECT spot_order_id FROM spot_kit WHERE kit_id = :kit",
                new MapSqlParameterSource("kit", kitId), String.class).stream().findFirst();
    }

    /** Status history of one kit, oldest first, as "KIT:delivered" / "SAMPLE:resulted". */
    public List<String> history(String kitId) {
        return jdbc.queryForList("SELECT subject, status FROM spot_status_event WHERE kit_id = :kit ORDER BY id",
                new MapSqlParameterSource("kit", kitId)).stream()
                .map(r -> r.get("subject") + ":" + r.get("status")).toList();
    }

    private int event(String kitId, String subject, Object before, String after, MapSqlParameterSource p) {
        if (after == null || Objects.equals(before, after)) {
            return 0;
        }
        jdbc.update("INSERT INTO spot_status_event (kit_id, subject, status, seen_at) VALUES (:kit, :subject, "
                + ":status, :now)", new MapSqlParameterSource(p.getValues()).addValue("subject", subject)
                .addValue("status", after));
        return 1;
    }
}
