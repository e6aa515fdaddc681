package io.spotlink.following;

import io.spotlink.delivery.DeliveryStatus;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What result-poll knows of each order it follows: Spot's "updated" when last retrieved ({@code spot_updated}),
 * when that was ({@code checked_at}), and the change list's watermark. Every write is a single conditional UPDATE
 * or an insert that tolerates a concurrent writer, so a callback's fetch may run beside the poll on any replica.
 */
public class FollowUpLedger {

    private static final String WINDOW = "change-list";

    /**
     * Orders still followed: submitted, and either not completed or canceled at Spot, or canceled with a kit that may
     * still result (Spot may cancel an order while another of its kits runs), or completed but changed at Spot within
     * the watch period (a late amendment), or with a delivery not yet accepted (so a fully canceled order is closed
     * once its X has gone out).
     */
    private static final String STILL_FOLLOWED = "(o.spot_status IS NULL OR o.spot_status NOT IN ('completed', "
            + "'canceled') "
            + "OR (o.spot_status = 'canceled' AND EXISTS (SELECT 1 FROM spot_kit k WHERE k.spot_order_id = "
            + "o.spot_order_id AND COALESCE(k.kit_status, '') NOT IN ('canceled', 'delivery_exception') "
            + "AND COALESCE(k.sample_status, '') NOT IN ('resulted', 'canceled', 'collection_exception', "
            + "'delivery_exception'))) "
            + "OR COALESCE(o.spot_updated, o.updated_at) >= :watchSince "
            + "OR o.spot_order_id IN (SELECT d.spot_order_id FROM oru_delivery d WHERE d.status IN "
            + DeliveryStatus.UNDELIVERED_SQL + "))";
    private static final String WATCHED = "o.status = 'SUBMITTED' AND o.spot_order_id IS NOT NULL AND "
            + STILL_FOLLOWED;
    /** WATCHED, read through ix_spot_order_sweep from the orders not yet retired. */
    private static final String SWEPT = "o.status = 'SUBMITTED' AND o.follow_retired = FALSE AND "
            + "o.spot_order_id IS NOT NULL AND " + STILL_FOLLOWED;

    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;
    private final Duration watchCompletedFor;

    public FollowUpLedger(DataSource dataSource, Clock clock, Duration watchCompletedFor) {
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
        this.clock = clock;
        this.watchCompletedFor = watchCompletedFor;
    }

    /**
     * Of the listed orders (Spot order id to Spot's "updated"), those Spotlink follows whose "updated" differs from
     * the one last retrieved (or was never retrieved, or Spot gave none).
     */
    public List<String> moved(Map<String, OffsetDateTime> listed) {
        if (listed.isEmpty()) {
            return List.of();
        }
        List<String> moved = new ArrayList<>();
        jdbc.query("SELECT o.spot_order_id, o.spot_updated FROM spot_order o WHERE o.spot_order_id IN (:ids) AND "
                + WATCHED, watched().addValue("ids", listed.keySet()), rs -> {
                    String id = rs.getString(1);
                    Timestamp seen = rs.getTimestamp(2);
                    OffsetDateTime now = listed.get(id);
                    if (seen == null || now == null || !seen.toInstant().equals(now.toInstant())) {
                        moved.add(id);
                    }
                });
        return moved;
    }

    /**
     * Followed orders not checked since {@code notSince}, oldest-checked (never checked first), at most limit. The
     * orders that stopped being followed since the last sweep are retired first, so they are never walked again.
     */
    public List<String> dueForSweep(int limit, Instant notSince) {
        if (limit <= 0) {
            return List.of();
        }
        retireFinished();
        return jdbc.queryForList("SELECT o.spot_order_id FROM spot_order o WHERE (o.checked_at IS NULL "
                + "OR o.checked_at < :notSince) AND " + SWEPT + " ORDER BY o.status, o.follow_retired, "
                + "o.checked_at NULLS FIRST, o.id FETCH FIRST " + limit + " ROWS ONLY",
                watched().addValue("notSince", Timestamp.from(notSince)), String.class);
    }

    /**
     * Marks retired the submitted orders no longer followed (finished at Spot, watch period over, nothing left to
     * deliver); returns how many. Reads only the orders not yet retired.
     */
    public int retireFinished() {
        return jdbc.update("UPDATE spot_order o SET follow_retired = TRUE WHERE o.status = 'SUBMITTED' AND "
                + "o.follow_retired = FALSE AND o.spot_order_id IS NOT NULL AND NOT " + STILL_FOLLOWED, watched());
    }

    /** How many orders are followed now. */
    public int watchedCount() {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM spot_order o WHERE " + SWEPT, watched(),
                Integer.class);
        return n == null ? 0 : n;
    }

    /**
     * Records a retrieve: when, and Spot's "updated" then. "updated" never moves back, so a slower retrieve
     * finishing after a newer one (poll and callback on two replicas) cannot hide a change.
     */
    public void recordChecked(String spotOrderId, OffsetDateTime spotUpdated) {
        MapSqlParameterSource p = new MapSqlParameterSource().addValue("id", spotOrderId)
                .addValue("now", Timestamp.from(clock.instant()));
        if (spotUpdated == null) {
            jdbc.update("UPDATE spot_order SET checked_at = :now WHERE spot_order_id = :id", p);
            return;
        }
        // an "updated" that moved (a late amendment of a retired order) brings the order back to the sweep
        jdbc.update("UPDATE spot_order SET checked_at = :now, follow_retired = CASE WHEN spot_updated IS NULL "
                + "OR spot_updated < :updated THEN FALSE ELSE follow_retired END, spot_updated = CASE WHEN "
                + "spot_updated IS NULL OR spot_updated < :updated THEN :updated ELSE spot_updated END "
                + "WHERE spot_order_id = :id",
                p.addValue("updated", Timestamp.from(spotUpdated.toInstant())));
    }

    /** Spot's "updated" as last retrieved, if any. */
    public Optional<Instant> spotUpdated(String spotOrderId) {
        return jdbc.queryForList("SELECT spot_updated FROM spot_order WHERE spot_order_id = :id",
                new MapSqlParameterSource("id", spotOrderId), Timestamp.class).stream().filter(Objects::nonNull)
                .map(Timestamp::toInstant).findFirst();
    }

    /** The start of the last cycle that read the whole change list and retrieved every order it named. */
    public Optional<Instant> changeListWindow() {
        return jdbc.queryForList("SELECT value_at FROM result_poll_state WHERE name = :name",
                new MapSqlParameterSource("name", WINDOW), Timestamp.class).stream().map(Timestamp::toInstant)
                .findFirst();
    }

    /** Moves the watermark forward (never back), as an upsert that tolerates a concurrent writer. */
    public void advanceChangeListWindow(Instant cycleStart) {
        MapSqlParameterSource p = new MapSqlParameterSource().addValue("name", WINDOW)
                .addValue("at", Timestamp.from(cycleStart));
        String forward = "UPDATE result_poll_state SET value_at = :at WHERE name = :name AND value_at < :at";
        if (jdbc.update(forward, p) == 1 || changeListWindow().isPresent()) {
            return; // moved forward, or already at or past this cycle
        }
        try {
            jdbc.update("INSERT INTO result_poll_state (name, value_at) VALUES (:name, :at)", p);
        } catch (DuplicateKeyException concurrentWriter) {
            jdbc.update(forward, p);
        }
    }

    private MapSqlParameterSource watched() {
        return new MapSqlParameterSource("watchSince", Timestamp.from(clock.instant().minus(watchCompletedFor)));
    }
}
