package io.spotlink.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.spotlink.intake.ExistingSpotOrderFinder;
import io.spotlink.intake.SpotCreateGuard;
import io.spotlink.ops.SpotCallMeters;
import io.spotlink.spot.RetryAfterDelay;
import io.spotlink.spot.SpotAnswers;
import io.spotlink.spot.SpotRequests;
import io.spotlink.spot.SpotAuthorization;
import io.spotlink.spot.SpotClient;
import io.spotlink.spot.SpotClientConfig;
import io.spotlink.spot.SpotJson;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.spi.Registry;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Spot's API: the client and the beans of the Spot routes (spot-http, spot-call, spot-retry and the spot-* calls).
 * A test can bind these beans into a context of its own by post-processing an instance (support.SpotRoutes).
 */
public class SpotConfiguration implements CamelConfiguration {

    private SpotClient client;

    @BindToRegistry("spotClient")
    public synchronized SpotClient spotClient(CamelContext context) {
        if (client == null) {
            Settings settings = new Settings(context);
            SpotClientConfig config = spotClientConfig(settings);
            configureHttpClient(context, config, settings.getInt("spot.api.max-connections", 200));
            client = new SpotClient(context, config);
        }
        return client;
    }

    /** The shared ObjectMapper, also of the HTTP answers (REST binding and marshal steps, routes/rest-api.yaml). */
    @BindToRegistry("spotObjectMapper")
    public ObjectMapper spotObjectMapper() {
        return SpotJson.mapper();
    }

    @BindToRegistry("spotAnswers")
    public SpotAnswers spotAnswers() {
        return new SpotAnswers();
    }

    /** Request steps of the spot-* routes: path ids, page queries, wrapped bodies. */
    @BindToRegistry("spotRequests")
    public SpotRequests spotRequests() {
        return new SpotRequests();
    }

    @BindToRegistry("spotAuthorization")
    public SpotAuthorization spotAuthorization(CamelContext context) {
        return new SpotAuthorization(spotClient(context).config().apiKey());
    }

    @BindToRegistry("spotRetryAfter")
    public RetryAfterDelay spotRetryAfter(CamelContext context) {
        return new RetryAfterDelay(new Settings(context).getDuration("spot.api.retry.max-delay", Duration.ofSeconds(30)));
    }

    @BindToRegistry("spotCreateGuard")
    public SpotCreateGuard spotCreateGuard(CamelContext context) {
        return new SpotCreateGuard(new ExistingSpotOrderFinder(spotClient(context)));
    }

    @BindToRegistry("spotCircuit")
    public io.spotlink.spot.SpotCircuit spotCircuit(CamelContext context) {
        return new io.spotlink.spot.SpotCircuit(context);
    }

    /** Prometheus registry of camel-micrometer-prometheus when metrics are on; without it the meter records nothing. */
    @BindToRegistry("spotCallMeters")
    public SpotCallMeters spotCallMeters(Registry registry) {
        return new SpotCallMeters(registry.lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME,
                MeterRegistry.class));
    }

    public static SpotClientConfig spotClientConfig(Settings settings) {
        String key = settings.find("spot.api.key").orElseThrow(() -> new IllegalStateException(
                "No Spot API key: set the environment variable SPOT_API_KEY"));
        return new SpotClientConfig(settings.require("spot.api.base-url"), key,
                settings.getDuration("spot.api.connect-timeout", Duration.ofSeconds(5)),
                settings.getDuration("spot.api.response-timeout", Duration.ofSeconds(30)),
                settings.getInt("spot.api.page-size", 100),
                Set.of(settings.get("spot.api.document-hosts", "").split("\\s*,\\s*")));
    }

    /**
     * Timeouts and connection pool of camel-http, which calls Spot. Its pool defaults to 20 connections per host:
     * calls beyond that wait for a free one, capping Spot calls at 20 / latency per second whatever the load.
     */
    private static void configureHttpClient(CamelContext context, SpotClientConfig config, int maxConnections) {
        int connect = (int) config.connectTimeout().toMillis();
        int response = (int) config.responseTimeout().toMillis();
        // Both schemes: camel-http registers "http" and "https" as two components, and Spot is https in production.
        for (String scheme : List.of("http", "https")) {
            HttpComponent http = context.getComponent(scheme, HttpComponent.class);
            http.setMaxTotalConnections(maxConnections);
            http.setConnectionsPerRoute(maxConnections);
            http.setConnectTimeout(connect);
            http.setConnectionRequestTimeout(connect);
            http.setResponseTimeout(response);
            http.setSoTimeout(response);
        }
    }
}
