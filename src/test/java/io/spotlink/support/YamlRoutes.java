package io.spotlink.support;

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
}
