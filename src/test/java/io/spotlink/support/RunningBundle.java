package io.spotlink.support;

import io.spotlink.SpotlinkApplication;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.main.Main;
import org.springframework.jms.connection.CachingConnectionFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The whole Spotlink bundle, started as in production (config/, routes/, Camel Main) with test overrides: the HTTP
 * server on a free 127.0.0.1 port and the ledger in a temporary H2 file.
 */
public final class RunningBundle implements AutoCloseable {

    private final Main main;
    private final int port;
    private final Map<String, String> settings;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private RunningBundle(Main main, int port, Map<String, String> settings) {
        this.main = main;
        this.port = port;
        this.settings = Map.copyOf(settings);
    }

    public static RunningBundle start(Path workDir, String spotBaseUrl, String apiKey, Map<String, String> extra)
            throws Exception {
        int port = extra.containsKey("camel.server.port") ? Integer.parseInt(extra.get("camel.server.port"))
                : FreePort.find();
        Map<String, String> overrides = new HashMap<>();
        overrides.put("camel.server.host", "127.0.0.1");
        overrides.put("camel.server.port", Integer.toString(port));
        overrides.put("spot.api.base-url", spotBaseUrl);
        overrides.put("spot.api.key", apiKey);
        // API keys have their own tests (ApiKeyAuthTest, with spotlink.auth.enabled=true); the others test a channel
        overrides.put("spotlink.auth.enabled", "false");
        overrides.put("spot.api.retry.initial-delay", "20");
        overrides.put("spot.api.retry.max-delay", "200");
        // The Spot circuit breaker stays closed unless a test sets its own thresholds (see SpotBreakerTest): tests
        // that inject Spot faults on purpose must see each failure, not a paused Spot.
        overrides.put("spot.api.breaker.minimum-calls", "1000000");
        overrides.put("spot.api.breaker.sliding-window", "1000000");
        overrides.put("spotlink.ledger.url", "jdbc:h2:file:" + workDir.resolve("ledger"));
        overrides.put("spotlink.cluster.file.root", workDir.resolve("cluster").toString());
        overrides.put("spotlink.jms.embedded.data-dir", workDir.resolve("artemis").toString());
        overrides.put("spotlink.jms.embedded.port", Integer.toString(FreePort.find()));
        overrides.put("spotlink.intake.jms.max-deliveries", "3");
        overrides.put("spotlink.intake.file.directory", workDir.resolve("inbox").toString());
        overrides.put("spotlink.intake.mllp.host", "127.0.0.1");
        overrides.put("spotlink.intake.mllp.port", Integer.toString(FreePort.find()));
        overrides.put("spotlink.intake.rejected.directory", workDir.resolve("rejected").toString());
        overrides.put("spotlink.intake.files.poll-interval", "200");
        overrides.put("spotlink.intake.files.min-age", "100");
        overrides.put("spotlink.deliver.file.directory", workDir.resolve("outbox").toString());
        overrides.putAll(extra);
        Main main = SpotlinkApplication.create(overrides);
        main.start();
        return new RunningBundle(main, port, overrides);
    }

    /** A setting the bundle was started with (a test override or a harness default). */
    public String setting(String key) {
        return settings.get(key);
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public <T> T bean(String name, Class<T> type) {
        return context().getRegistry().lookupByNameAndType(name, type);
    }

    /**
     * A client of the embedded broker over TCP with the bundle's JMS credentials (generated at start when none are
     * set), as a hospital system given them would connect.
     */
    public ActiveMQConnectionFactory jmsClient() {
        CachingConnectionFactory caching = (CachingConnectionFactory) context()
                .getComponent("jms", JmsComponent.class).getConfiguration().getConnectionFactory();
        ActiveMQConnectionFactory bundles = (ActiveMQConnectionFactory) caching.getTargetConnectionFactory();
        return new ActiveMQConnectionFactory("tcp://127.0.0.1:" + setting("spotlink.jms.embedded.port"),
                bundles.getUser(), bundles.getPassword());
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(60)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        main.stop();
    }
}
