package io.spotlink.http;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * GET /status (role operator): what the operator page shows of Spot and the channels. Each route's status from the
 * route controller (a channel whose server is down stays stopped while the supervisor retries it), the readiness
 * checks as /observe/health/ready runs them (ledger, JMS broker, routes), and Spot's state.
 */
public class OperatorStatusApi {

    /** Routes whose ids start with this call Spot (spot-create-patient, spot-http...). */
    static final String SPOT_ROUTE_PREFIX = "spot-";

    public void status(Exchange exchange) {
        CamelContext context = exchange.getContext();
        Map<String, Object> body = new LinkedHashMap<>();
        List<Map<String, Object>> routes = routes(context);
        body.put("routes", routes);
        body.put("readiness", readiness(context));
        body.put("spot", spotState(context, routes));
        OrderHttpApi.json(exchange, 200, body);
    }

    static List<Map<String, Object>> routes(CamelContext context) {
        List<Map<String, Object>> rows = new ArrayList<>();
        context.getRoutes().stream().sorted(Comparator.comparing(Route::getRouteId)).forEach(route -> {
            ServiceStatus status = context.getRouteController().getRouteStatus(route.getRouteId());
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", route.getRouteId());
            row.put("status", status == null ? "unknown" : status.name().toLowerCase(Locale.ROOT));
            rows.add(row);
        });
        return rows;
    }

    static Map<String, Object> readiness(CamelContext context) {
        List<Map<String, Object>> checks = new ArrayList<>();
        boolean up = true;
        // exposure "full": every check with its state, as /observe/health/ready?exposureLevel=full shows them (the
        // default level reports only the checks that are DOWN)
        for (HealthCheck.Result result : HealthCheckHelper.invoke(context,
                check -> Map.of(HealthCheck.CHECK_KIND, HealthCheck.Kind.READINESS), check -> !check.isReadiness(),
                "full")) {
            Map<String, Object> check = new LinkedHashMap<>();
            check.put("id", result.getCheck().getId());
            check.put("state", result.getState().name());
            // the check's own message (written for operators; LedgerHealthCheck keeps JDBC URLs out of it)
            result.getMessage().ifPresent(message -> check.put("message", message));
            checks.add(check);
            up &= result.getState() != HealthCheck.State.DOWN;
        }
        checks.sort(Comparator.comparing(check -> String.valueOf(check.get("id"))));
        Map<String, Object> readiness = new LinkedHashMap<>();
        readiness.put("state", up ? "UP" : "DOWN");
        readiness.put("checks", checks);
        return readiness;
    }

    /**
     * Spot's state. The hook for the circuit breaker around Spot: each Camel resilience4j circuitBreaker in the
     * routes reports its state (CLOSED, OPEN, HALF_OPEN...), and the worst one is Spot's. Without a breaker, Spot's
     * state is that of the routes that call Spot: UP when every one of them is started.
     */
    static Map<String, Object> spotState(CamelContext context, List<Map<String, Object>> routes) {
        Map<String, Object> spot = new LinkedHashMap<>();
        List<Map<String, Object>> breakers = io.spotlink.spot.SpotCircuit.breakers(context);
        if (!breakers.isEmpty()) {
            spot.put("source", "circuit-breaker");
            spot.put("state", breakers.stream().map(b -> String.valueOf(b.get("state")))
                    .filter(state -> !"CLOSED".equals(state)).findFirst().orElse("CLOSED"));
            spot.put("breakers", breakers);
            return spot;
        }
        List<Map<String, Object>> spotRoutes = routes.stream()
                .filter(route -> String.valueOf(route.get("id")).startsWith(SPOT_ROUTE_PREFIX)).toList();
        spot.put("source", "routes");
        spot.put("state", !spotRoutes.isEmpty() && spotRoutes.stream().allMatch(route -> "started".equals(
                route.get("status"))) ? "UP" : "DOWN");
        spot.put("routes", spotRoutes);
        return spot;
    }

}
