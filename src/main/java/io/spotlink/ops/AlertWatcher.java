package io.spotlink.ops;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Looks at the ledger for what an on-call person must hear about (route alerts-webhook, on the leader only):
 * <ul>
 *   <li>{@code delivery-parked}: ORU deliveries parked since the last look (an EHR refused them, or the last retry
 *   failed);</li>
 *   <li>{@code order-failed}: orders that failed for good (order-retry gave up after its last attempt);</li>
 *   <li>{@code results-undelivered}: the oldest result not yet accepted by its destination is older than the
 *   threshold (repeated at most every {@code repeatAfter} while it lasts);</li>
 *   <li>{@code spot-unavailable}: every order sent to Spot for {@code spotDownAfter} failed because Spot was
 *   unavailable, with none created meanwhile (repeated likewise).</li>
 * </ul>
 * Each kind is one alert with the count and the first ids, not one alert per row. What was reported is kept in
 * memory: after a restart, what is still parked or failed is reported once more. An alert the webhook did not take
 * stays pending ({@link #pending()}) until {@link #sent(Alert)}: a webhook that is down for a while loses nothing,
 * up to {@value #MAX_PENDING} alerts (the oldest go first beyond that, with a warning naming their kind).
 */
public final class AlertWatcher {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AlertWatcher.class);

    public record Thresholds(Duration undeliveredAfter, Duration spotDownAfter, Duration repeatAfter,
                             int orderMaxAttempts) {
    }

    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;
    private final Thresholds thresholds;
    private final String instance;
    private long lastParkedId;
    private long lastFailedOrderId;
    private Instant undeliveredAlertedAt;
    private Instant spotAlertedAt;
    private final List<AlertSource> sources = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Alerts found but not yet taken by the webhook, oldest first. */
    private final java.util.Deque<Alert> unsent = new java.util.ArrayDeque<>();
    static final int MAX_PENDING = 100;

    public AlertWatcher(DataSource dataSource, Clock clock, Thresholds thresholds, String instance) {
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
        this.clock = clock;
        this.thresholds = thresholds;
        this.instance = instance;
    }

    /** Adds another concern's alerts (io.spotlink.cancel: cancels and changes an operator must carry out). */
    public void addSource(AlertSource source) {
        sources.add(source);
    }

    /** The alerts to post now: those the webhook has not taken yet, then the new ones (route alerts-webhook). */
    public synchronized List<Alert> pending() {
        unsent.addAll(due());
        while (unsent.size() > MAX_PENDING) {
            LOG.warn("Alert {} dropped unsent: the webhook has not taken the last {} alerts",
                    unsent.removeFirst().alert(), MAX_PENDING);
        }
        return List.copyOf(unsent);
    }

    /** The webhook took this alert: it is not posted again. */
    public synchronized void sent(Alert alert) {
        unsent.remove(alert);
    }

    /** The alerts due now (an empty list most of the time). */
    public synchronized List<Alert> due() {
        Instant now = clock.instant();
        String at = now.toString();
        List<Alert> alerts = new ArrayList<>();

        List<Long> parked = jdbc.queryForList("SELECT id FROM oru_delivery WHERE status = 'FAILED' AND id > :last "
                + "ORDER BY id", new MapSqlParameterSource("last", lastParkedId), Long.class);
        if (!parked.isEmpty()) {
            lastParkedId = parked.get(parked.size() - 1);
            alerts.add(Alert.of("delivery-parked", "warning", parked.size() + " ORU delivery(ies) parked: replay "
                    + "them from the operator page once the EHR is fixed", ids("delivery ", parked), instance, at));
        }

        List<Long> failed = jdbc.queryForList("SELECT id FROM spot_order WHERE status = 'FAILED' AND attempts >= "
                + ":max AND id > :last ORDER BY id", new MapSqlParameterSource("max", thresholds.orderMaxAttempts())
                .addValue("last", lastFailedOrderId), Long.class);
        if (!failed.isEmpty()) {
            lastFailedOrderId = failed.get(failed.size() - 1);
            List<String> sourceIds = jdbc.queryForList("SELECT source_system || ':' || source_order_id FROM "
                    + "spot_order WHERE id IN (:ids) ORDER BY id", new MapSqlParameterSource("ids",
                    failed.stream().limit(Alert.MAX_IDS).toList()), String.class);
            alerts.add(new Alert("order-failed", "critical", failed.size() + " order(s) failed for good after "
                    + thresholds.orderMaxAttempts() + " attempts: resend them or create them at Spot by hand",
                    failed.size(), sourceIds, instance, at));
        }

        Timestamp oldest = jdbc.queryForObject("SELECT MIN(created_at) FROM oru_delivery WHERE status IN "
                + io.spotlink.delivery.DeliveryStatus.UNDELIVERED_SQL, new MapSqlParameterSource(), Timestamp.class);
        if (oldest != null && Duration.between(oldest.toInstant(), now).compareTo(thresholds.undeliveredAfter()) > 0
                && repeatDue(undeliveredAlertedAt, now)) {
            undeliveredAlertedAt = now;
            alerts.add(Alert.of("results-undelivered", "critical", "a result has waited "
                    + Duration.between(oldest.toInstant(), now).toMinutes() + " min for its EHR (threshold "
                    + thresholds.undeliveredAfter().toMinutes() + " min)", List.of(), instance, at));
        } else if (oldest == null) {
            undeliveredAlertedAt = null;
        }

        if (spotDown(now) && repeatDue(spotAlertedAt, now)) {
            spotAlertedAt = now;
            alerts.add(Alert.of("spot-unavailable", "critical", "every order sent to Spot in the last "
                    + thresholds.spotDownAfter().toMinutes() + " min failed as unavailable; orders are kept and "
                    + "retried", List.of(), instance, at));
        }
        sources.forEach(source -> alerts.addAll(source.due(instance, at)));
        return alerts;
    }

    /** Orders failed over the whole window and none created at Spot meanwhile. */
    private boolean spotDown(Instant now) {
        Instant since = now.minus(thresholds.spotDownAfter());
        MapSqlParameterSource p = new MapSqlParameterSource("since", Timestamp.from(since));
        Integer failedBefore = jdbc.queryForObject("SELECT COUNT(*) FROM spot_order WHERE status = 'FAILED' AND "
                + "created_at <= :since", p, Integer.class);
        Integer submittedSince = jdbc.queryForObject("SELECT COUNT(*) FROM spot_order WHERE status = 'SUBMITTED' AND "
                + "updated_at > :since", p, Integer.class);
        Integer failedSince = jdbc.queryForObject("SELECT COUNT(*) FROM spot_order WHERE status = 'FAILED' AND "
                + "updated_at > :since", p, Integer.class);
        return failedBefore != null && failedBefore > 0 && failedSince != null && failedSince > 0
                && (submittedSince == null || submittedSince == 0);
    }

    private boolean repeatDue(Instant lastAlerted, Instant now) {
        return lastAlerted == null || !lastAlerted.plus(thresholds.repeatAfter()).isAfter(now);
    }

    private static List<String> ids(String prefix, List<Long> ids) {
        return ids.stream().map(id -> prefix + id).toList();
    }
}
