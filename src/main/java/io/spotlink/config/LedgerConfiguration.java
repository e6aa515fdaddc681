package io.spotlink.config;

import com.zaxxer.hikari.HikariDataSource;
import io.spotlink.ledger.InstanceHeartbeat;
import io.spotlink.ledger.LedgerDatabase;
import io.spotlink.ledger.OrderLedger;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;

import java.time.Clock;
import java.time.Duration;

/**
 * The ledger: its connection pool and the order ledger, with this process's heartbeat row. The pool, the heartbeat
 * and the ledger are one unit (the ledger claims orders under the heartbeat's instance id), so this class builds the
 * pool and the heartbeat once for both beans. Register it first: the other configuration classes take its beans.
 */
public class LedgerConfiguration implements CamelConfiguration {

    private HikariDataSource dataSource;
    private InstanceHeartbeat heartbeat;

    @BindToRegistry("ledgerDataSource")
    public HikariDataSource ledgerDataSource(CamelContext context) throws Exception {
        return dataSource(context);
    }

    @BindToRegistry("orderLedger")
    public OrderLedger orderLedger(CamelContext context) throws Exception {
        return new OrderLedger(dataSource(context), Clock.systemUTC(), heartbeat(context).instanceId(),
                new Settings(context).getDuration("spotlink.intake.recovery.owner-timeout", Duration.ofSeconds(30)));
    }

    /**
     * Runs after the beans of every configuration class are built (Camel Main binds them all before it calls any
     * configure) and before any route starts: the heartbeat starts once every bean is built, before any route can
     * claim an order.
     */
    @Override
    public void configure(CamelContext context) throws Exception {
        heartbeat(context).start();
    }

    /** The pool, with a service that, on stop (after the routes), lets the heartbeat leave and then closes it. */
    private synchronized HikariDataSource dataSource(CamelContext context) throws Exception {
        if (dataSource == null) {
            Settings settings = new Settings(context);
            HikariDataSource pool = LedgerDatabase.open(settings.require("spotlink.ledger.url"),
                    settings.get("spotlink.ledger.username", null), settings.get("spotlink.ledger.password", null),
                    settings.getInt("spotlink.ledger.pool-size", 10));
            context.addService(new ServiceSupport() {
                @Override
                protected void doStop() {
                    if (heartbeat != null) {
                        heartbeat.stop(); // removes its row, so before the pool closes
                    }
                    pool.close();
                }
            });
            dataSource = pool;
        }
        return dataSource;
    }

    /**
     * This process's heartbeat in the ledger. It must beat well within the owner timeout, or live claims would be
     * taken.
     */
    private synchronized InstanceHeartbeat heartbeat(CamelContext context) throws Exception {
        if (heartbeat == null) {
            Settings settings = new Settings(context);
            Duration interval = settings.getDuration("spotlink.intake.recovery.heartbeat-interval",
                    Duration.ofSeconds(5));
            Duration ownerTimeout = settings.getDuration("spotlink.intake.recovery.owner-timeout",
                    Duration.ofSeconds(30));
            if (interval.isZero() || interval.isNegative() || interval.multipliedBy(2).compareTo(ownerTimeout) > 0) {
                throw new IllegalStateException("spotlink.intake.recovery.heartbeat-interval must be positive and at "
                        + "most half of spotlink.intake.recovery.owner-timeout");
            }
            heartbeat = new InstanceHeartbeat(dataSource(context), Clock.systemUTC(),
                    InstanceHeartbeat.newInstanceId(), interval);
        }
        return heartbeat;
    }
}
