package io.spotlink.support;

import io.spotlink.delivery.DeliveryDestinations;
import io.spotlink.delivery.DestinationRoutes;
import org.apache.camel.CamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

/** Loads YAML route files from routes/ into a context, exactly as the bundle does. */
public final class YamlRoutes {

    private YamlRoutes() {
    }

    public static void load(CamelContext context, String... files) throws Exception {
        for (String file : files) {
            PluginHelper.getRoutesLoader(context).loadRoutes(
                    ResourceHelper.resolveMandatoryResource(context, "file:routes/" + file));
        }
    }

    /**
     * Binds the delivery routes of the ORU destinations in the context's properties, as the bundle does: Camel
     * creates route oru-deliver-<name> from the loaded template of its type when the context starts.
     */
    public static void bindDestinations(CamelContext context) {
        context.getRegistry().bind("oruDestinationRoutes", new DestinationRoutes(DeliveryDestinations.of(context)));
    }
}
