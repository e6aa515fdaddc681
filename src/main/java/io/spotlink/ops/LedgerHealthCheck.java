package io.spotlink.ops;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import javax.sql.DataSource;
import java.sql.Connection;
import java.util.Map;

/**
 * Readiness: the ledger database answers. Without it no order can be claimed or recorded, so the instance must
 * leave the load balancer (an H2 closed under the pool, a PostgreSQL fail-over) until it answers again.
 */
public final class LedgerHealthCheck extends AbstractHealthCheck {

    private static final int VALIDATION_TIMEOUT_SECONDS = 2;
    private final DataSource dataSource;

    public LedgerHealthCheck(DataSource dataSource) {
        super("spotlink", "ledger");
        this.dataSource = dataSource;
    }

    @Override
    public boolean isLiveness() {
        return false; // a database outage is not cured by restarting this process
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try (Connection connection = dataSource.getConnection()) {
            if (connection.isValid(VALIDATION_TIMEOUT_SECONDS)) {
                builder.up();
            } else {
                builder.down().message("the ledger database did not answer within " + VALIDATION_TIMEOUT_SECONDS
                        + " s");
            }
        } catch (Exception e) {
            // the exception's class only: a driver message may carry the JDBC URL with its credentials
            builder.down().message("the ledger database is unavailable: " + e.getClass().getSimpleName());
        }
    }
}
