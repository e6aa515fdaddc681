package io.spotlink.ops;

import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.Map;

/**
 * Readiness: Spot's circuit breaker (route spot-http) is not open. While it is open no order can reach Spot, so the
 * instance leaves the load balancer: senders queue and resend, as they would on our own 503.
 */
public final class SpotCircuitHealthCheck extends AbstractHealthCheck {

    private final CamelContext context;

    public SpotCircuitHealthCheck(CamelContext context) {
        super("spotlink", "spot-circuit");
        this.context = context;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        for (Map<String, Object> breaker : io.spotlink.spot.SpotCircuit.breakers(context)) {
            if ("OPEN".equals(breaker.get("state"))) {
                builder.down().message("Spot's circuit breaker is open (route " + breaker.get("route")
                        + "): Spot has been failing; calls resume when it half-opens");
                return;
            }
        }
        builder.up();
    }
}
