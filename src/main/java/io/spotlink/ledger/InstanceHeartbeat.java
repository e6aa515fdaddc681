package io.spotlink.ledger;

import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import javax.sql.DataSource;
import java.net.InetAddress;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * This process's row in {@code ledger_instance}: written when the service starts (before any route can claim an
 * order) and every {@code interval} after, removed on a graceful stop. Other instances take over this process's
 * SUBMITTING claims only once the heartbeat is older than the owner timeout, so it runs on its own thread rather
 * than in an editable route.
 */
public class InstanceHeartbeat extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(InstanceHeartbeat.class);
    /** Rows of instances silent this long are deleted; a claim whose owner is absent counts as orphaned. */
    private static final Duration PRUNE_AFTER = Duration.ofDays(1);

    private final NamedParameterJdbcTemplate jdbc;
    private final Clock clock;
    private final String instanceId;
    private final Duration interval;
    private ScheduledExecutorService timer;

    public InstanceHeartbeat(DataSource dataSource, Clock clock, String instanceId, Duration interval) {
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
        this.clock = clock;
        this.instanceId = instanceId;
        this.interval = interval;
    }

    /** A new id per start: the host name (shortened) and a random UUID. */
    public static String newInstanceId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception unknown) {
            host = "unknown-host";
        }
        host = host.length() > 80 ? host.substring(0, 80) : host;
        return host + "/" + UUID.randomUUID();
    }

    public String instanceId() {
        return instanceId;
    }

    /** Records that this instance is alive now. */
    public void beat() {
        MapSqlParameterSource params = new MapSqlParameterSource().addValue("id", instanceId)
                .addValue("now", Timestamp.from(clock.instant()));
        String update = "UPDATE ledger_instance SET heartbeat_at = :now WHERE instance_id = :id";
        if (jdbc.update(update, params) == 0) {
            try {
                jdbc.update("INSERT INTO ledger_instance (instance_id, heartbeat_at) VALUES (:id, :now)", params);
            } catch (DuplicateKeyException raced) {
                jdbc.update(update, params);
            }
        }
    }

    /** Removes this instance's row, so its claims (if any were left) are recovered at once by the others. */
    public void leave() {
        jdbc.update("DELETE FROM ledger_instance WHERE instance_id = :id",
                new MapSqlParameterSource("id", instanceId));
    }

    /** Deletes the rows of instances silent for a day (each start adds one). */
    public int prune() {
        return jdbc.update("DELETE FROM ledger_instance WHERE heartbeat_at < :before AND instance_id <> :id",
                new MapSqlParameterSource().addValue("id", instanceId)
                        .addValue("before", Timestamp.from(clock.instant().minus(PRUNE_AFTER))));
    }

    @Override
    protected void doStart() {
        beat();
        prune();
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "spotlink-ledger-heartbeat");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::beatQuietly, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        LOG.info("Ledger instance {} started, heartbeat every {} ms", instanceId, interval.toMillis());
    }

    @Override
    protected void doStop() {
        if (timer != null) {
            timer.shutdownNow();
        }
        try {
            leave();
        } catch (RuntimeException e) {
            LOG.warn("Ledger instance {} could not remove its heartbeat: {}", instanceId, e.getMessage());
        }
    }

    private void beatQuietly() {
        try {
            beat();
        } catch (RuntimeException e) {
            // Keep beating: a missed beat only matters once it lasts longer than the owner timeout.
            LOG.warn("Ledger heartbeat of {} failed: {}", instanceId, e.getMessage());
        }
    }
}
