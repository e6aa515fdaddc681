package io.spotlink;

import io.spotlink.config.ClusterBeans;
import io.spotlink.config.JmsBeans;
import io.spotlink.config.ResultsBeans;
import io.spotlink.config.SpotlinkBeans;
import org.apache.camel.main.Main;

import java.util.Map;

/**
 * The Spotlink bundle as a Camel Main application: config/application.properties (the folder is
 * SPOTLINK_CONFIG_DIR), YAML routes from spotlink.routes-dir, every property overridable from the environment.
 */
public final class SpotlinkApplication {

    private SpotlinkApplication() {
    }

    /** A configured, not yet started Main; {@code overrides} win over files and environment (tests, demo). */
    public static Main create(Map<String, String> overrides) {
        String configDir = configDir();
        Main main = new Main();
        main.setPropertyPlaceholderLocations("file:" + configDir + "/application.properties");
        // Lets config files name their siblings: {{spotlink.config-dir}}/test-codes.properties
        main.addInitialProperty("spotlink.config-dir", configDir);
        main.configure().addConfiguration(SpotlinkBeans.class);
        main.configure().addConfiguration(JmsBeans.class);
        main.configure().addConfiguration(ResultsBeans.class);
        main.configure().addConfiguration(ClusterBeans.class);
        overrides.forEach(main::addOverrideProperty);
        return main;
    }

    public static String configDir() {
        String fromProperty = System.getProperty("spotlink.config-dir");
        if (fromProperty != null) {
            return fromProperty;
        }
        String fromEnv = System.getenv("SPOTLINK_CONFIG_DIR");
        return fromEnv != null && !fromEnv.isBlank() ? fromEnv : "config";
    }
}
