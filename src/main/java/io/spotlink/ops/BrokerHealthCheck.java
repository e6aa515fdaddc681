package io.spotlink.ops;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.Map;

/**
 * Readiness, only when a JMS channel is on: a new connection to the broker can be opened. It uses the bare factory,
 * not the cached connection the routes share, so a broker that went away is seen at once.
 */
public final class BrokerHealthCheck extends AbstractHealthCheck {

    private final ConnectionFactory factory;

    public BrokerHealthCheck(ConnectionFactory factory) {
        super("spotlink", "jms-broker");
        this.factory = factory;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try (Connection connection = factory.createConnection()) {
            builder.up();
        } catch (Exception e) {
            builder.down().message("the JMS broker is unavailable: " + e.getClass().getSimpleName());
        }
    }
}
