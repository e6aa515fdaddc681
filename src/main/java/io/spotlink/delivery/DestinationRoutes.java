package io.spotlink.delivery;

import org.apache.camel.spi.RouteTemplateParameterSource;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The delivery routes Camel creates at start-up, one per destination: route {@code oru-deliver-<name>} from the
 * YAML route template {@code oru-deliver-<type>} (routes/), with the destination's connection settings as its
 * parameters. Bound in the registry, Camel reads it as it reads {@code camel.route-template[...]} properties.
 */
public final class DestinationRoutes implements RouteTemplateParameterSource {

    private final Map<String, DeliveryDestination> byRouteId = new LinkedHashMap<>();

    public DestinationRoutes(List<DeliveryDestination> destinations) {
        destinations.forEach(d -> byRouteId.put(d.routeId(), d));
    }

    @Override
    public Map<String, Object> parameters(String routeId) {
        DeliveryDestination d = byRouteId.get(routeId);
        Map<String, Object> parameters = new HashMap<>(d.parameters());
        parameters.put(TEMPLATE_ID, d.templateId());
        return parameters;
    }

    @Override
    public Set<String> routeIds() {
        return byRouteId.keySet();
    }
}
