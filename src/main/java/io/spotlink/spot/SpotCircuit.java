package io.spotlink.spot;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.resilience4j.ResilienceProcessor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of Spot's circuit breakers (route spot-http, camel-resilience4j), for the cycles that should not try
 * Spot while no call can pass (order-retry, order-recover: each try would use up one of an order's attempts), for
 * readiness and for the operator status.
 */
public final class SpotCircuit {

    private final CamelContext context;

    public SpotCircuit(CamelContext context) {
        this.context = context;
    }

    /** True while a breaker is open: every Spot call fails at once until it half-opens. */
    public boolean open() {
        return breakers(context).stream().anyMatch(b -> "OPEN".equals(b.get("state")));
    }

    /** Each resilience4j circuit breaker of the routes: its route, id and state (CLOSED, OPEN, HALF_OPEN...). */
    public static List<Map<String, Object>> breakers(CamelContext context) {
        List<Map<String, Object>> breakers = new ArrayList<>();
        for (Route route : context.getRoutes()) {
            for (var processor : route.filter("*")) {
                if (processor instanceof ResilienceProcessor breaker) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("route", route.getRouteId());
                    row.put("id", breaker.getId());
                    row.put("state", breaker.getCircuitBreakerState());
                    breakers.add(row);
                }
            }
        }
        return breakers;
    }
}
