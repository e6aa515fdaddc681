package io.spotlink.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The business gauges read from the ledger: orders by status, deliveries by destination and status, parked
 * deliveries and the age of the oldest undelivered result. The ledger is the truth on every replica, so each replica
 * reports the same figures. They are read every refresh on a thread of their own (see {@link #read()}), never during a scrape:
 * a scrape costs no query whatever its rate, and the multi-gauges are not re-registered while the registry collects.
 */
public final class LedgerMeters {

    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;
    private final MultiGauge ordersByStatus;
    private final MultiGauge deliveriesByStatus;
    private final Map<String, Double> single = new ConcurrentHashMap<>();
    private final Duration historyRefresh;
    private Instant historyReadAt;
    /** The DELIVERED rows of spotlink_deliveries, from the last history read. */
    private List<MultiGauge.Row<?>> delivered = List.of();

    public LedgerMeters(DataSource dataSource, MeterRegistry registry, Clock clock, Duration historyRefresh) {
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
        this.clock = clock;
        this.historyRefresh = historyRefresh;
        this.ordersByStatus = MultiGauge.builder("spotlink.orders").description("Orders in the ledger, by status")
                .register(registry);
        this.deliveriesByStatus = MultiGauge.builder("spotlink.deliveries")
                .description("ORU deliveries, by destination and status (FAILED = parked)").register(registry);
        Gauge.builder("spotlink.deliveries.parked", this, m -> m.value("parked")).strongReference(true)
                .description("Deliveries parked after their last retry, waiting for an operator's replay")
                .register(registry);
        Gauge.builder("spotlink.results.undelivered.oldest.age", this, m -> m.value("oldestUndelivered")).strongReference(true)
                .baseUnit("seconds").description("Age of the oldest result not yet accepted by its destination")
                .register(registry);
        Gauge.builder("spotlink.orders.open", this, m -> m.value("open")).strongReference(true)
                .description("Orders submitted to Spot whose results are still to come or to deliver")
                .register(registry);
    }

    private double value(String name) {
        return single.getOrDefault(name, 0.0);
    }

    /**
     * Reads the ledger into the gauges; called every refresh interval by a scheduled task. The undelivered
     * deliveries (index range reads, as large as the queue) are read every time; the figures that count the whole
     * history (orders by status, open orders, delivered rows) only every {@code historyRefresh}, so the cost of a
     * refresh does not grow with months of history.
     */
    public void read() {
        Instant now = clock.instant();
        try {
            if (historyReadAt == null || !historyReadAt.plus(historyRefresh).isAfter(now)) {
                readHistory();
                historyReadAt = now;
            }
            readQueue(now);
        } catch (RuntimeException e) {
            // the readiness check reports a lost database; the gauges keep their last values meanwhile
        }
    }

    private void readQueue(Instant now) {
        List<MultiGauge.Row<?>> deliveries = new ArrayList<>(delivered);
        double[] parked = {0};
        jdbc.query("SELECT destination, status, COUNT(*) AS n FROM oru_delivery WHERE status IN "
                + io.spotlink.delivery.DeliveryStatus.UNDELIVERED_SQL + " GROUP BY destination, status", rs -> {
                    deliveries.add(MultiGauge.Row.of(Tags.of("destination", rs.getString("destination"),
                            "status", rs.getString("status")), rs.getLong("n")));
                    if ("FAILED".equals(rs.getString("status"))) {
                        parked[0] += rs.getLong("n");
                    }
                });
        deliveriesByStatus.register(deliveries, true);
        single.put("parked", parked[0]);

        Timestamp oldest = jdbc.queryForObject("SELECT MIN(created_at) FROM oru_delivery WHERE status IN "
                + io.spotlink.delivery.DeliveryStatus.UNDELIVERED_SQL, new MapSqlParameterSource(), Timestamp.class);
        single.put("oldestUndelivered", oldest == null ? 0.0
                : Math.max(0, Duration.between(oldest.toInstant(), now).toSeconds()));
    }

    private void readHistory() {
        List<MultiGauge.Row<?>> orders = new ArrayList<>();
        jdbc.query("SELECT status, COUNT(*) AS n FROM spot_order GROUP BY status", rs -> {
            orders.add(MultiGauge.Row.of(Tags.of("status", rs.getString("status")), rs.getLong("n")));
        });
        ordersByStatus.register(orders, true);

        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        jdbc.query("SELECT destination, COUNT(*) AS n FROM oru_delivery WHERE status = 'DELIVERED' GROUP BY "
                + "destination", rs -> {
                    rows.add(MultiGauge.Row.of(Tags.of("destination", rs.getString("destination"), "status",
                            "DELIVERED"), rs.getLong("n")));
                });
        delivered = List.copyOf(rows);

        Long open = jdbc.queryForObject("SELECT COUNT(*) FROM spot_order WHERE status = 'SUBMITTED' AND "
                + "(spot_status IS NULL OR spot_status NOT IN ('completed', 'canceled'))",
                new MapSqlParameterSource(), Long.class);
        single.put("open", open == null ? 0.0 : open);
    }
}
