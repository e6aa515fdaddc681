package io.spotlink.support;

import io.spotlink.config.SpotConfiguration;
import io.spotlink.spot.SpotClient;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The Spot routes alone (spot-http, spot-call, spot-retry and the spot-* call routes) in a context of their own, with
 * config/application.properties plus {@code keyValues}, and the Spot client over them: for tests of the Spot calls
 * without the whole bundle.
 */
public final class SpotRoutes implements AutoCloseable {

    public final DefaultCamelContext camel = new DefaultCamelContext();
    public final SpotClient client;

    private SpotRoutes(String baseUrl, String apiKey, String... keyValues) throws Exception {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("config/application.properties"))) {
            props.load(reader);
        }
        props.setProperty("spot.api.base-url", baseUrl);
        props.setProperty("spot.api.key", apiKey);
        props.setProperty("spot.api.retry.initial-delay", "10");
        props.setProperty("spot.api.retry.max-delay", "2000");
        props.setProperty("spot.api.breaker.minimum-calls", "1000000");
        props.setProperty("spot.api.breaker.sliding-window", "1000000");
        for (int i = 0; i < keyValues.length; i += 2) {
            props.setProperty(keyValues[i], keyValues[i + 1]);
        }
        camel.getPropertiesComponent().setInitialProperties(props);
        // the Spot beans as Camel Main binds them: its @BindToRegistry methods
        PluginHelper.getBeanPostProcessor(camel).postProcessBeforeInitialization(new SpotConfiguration(), "spot");
        client = camel.getRegistry().lookupByNameAndType("spotClient", SpotClient.class);
        YamlRoutes.load(camel, "errors-to-caller.yaml", "spot-retry.yaml", "spot-http.yaml", "spot-call.yaml",
                "spot-create-order.yaml", "spot-create-patient.yaml", "spot-create-registration-token.yaml",
                "spot-activate-kit.yaml", "spot-create-requisition.yaml", "spot-get-requisition.yaml",
                "spot-list-requisitions.yaml", "spot-update-order-metadata.yaml");
        camel.start();
    }

    public static SpotRoutes start(String baseUrl, String apiKey, String... keyValues) {
        try {
            return new SpotRoutes(baseUrl, apiKey, keyValues);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        camel.stop();
    }
}
