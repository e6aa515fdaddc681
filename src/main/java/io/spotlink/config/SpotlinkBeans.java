package io.spotlink.config;

import com.zaxxer.hikari.HikariDataSource;
import io.spotlink.http.CallbackRateLimiter;
import io.spotlink.http.OrderHttpApi;
import io.spotlink.http.OrderLookupApi;
import io.spotlink.intake.ExistingSpotOrderFinder;
import io.spotlink.intake.FailedOrderRetrier;
import io.spotlink.intake.IntakeLimits;
import io.spotlink.intake.RejectedInputStore;
import io.spotlink.intake.OrderSubmitGateway;
import io.spotlink.intake.files.FileIntakeLimits;
import io.spotlink.intake.OrphanedOrderRecoverer;
import io.spotlink.intake.files.FileOrderIntake;
import io.spotlink.intake.files.FileRunLog;
import io.spotlink.intake.files.QuietPeriodReadLock;
import io.spotlink.intake.hl7.MllpOrderIntake;
import io.spotlink.intake.files.OrderFileParser;
import io.spotlink.intake.OrderSubmitter;
import io.spotlink.intake.OrderValidator;
import io.spotlink.intake.SpotOrderMapper;
import io.spotlink.intake.TestCodeMap;
import io.spotlink.intake.requisition.RequisitionMapper;
import io.spotlink.intake.requisition.RequisitionSettings;
import io.spotlink.intake.requisition.RequisitionSubmitter;
import io.spotlink.ledger.InstanceHeartbeat;
import io.spotlink.ledger.LedgerDatabase;
import io.spotlink.ledger.OrderLedger;
import io.spotlink.spot.RetryAfterDelay;
import io.spotlink.spot.SpotAnswers;
import io.spotlink.intake.SpotCreateGuard;
import io.spotlink.spot.SpotClient;
import io.spotlink.spot.SpotClientConfig;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.support.service.ServiceSupport;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** Builds Spotlink's core beans from config and binds them for the YAML routes to use by name. */
public class SpotlinkBeans implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = new Settings(context);
        Clock clock = Clock.systemUTC();

        HikariDataSource dataSource = LedgerDatabase.open(settings.require("spotlink.ledger.url"),
                settings.get("spotlink.ledger.username", null), settings.get("spotlink.ledger.password", null),
                settings.getInt("spotlink.ledger.pool-size", 10));
        InstanceHeartbeat heartbeat = instanceHeartbeat(settings, dataSource, clock);
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                heartbeat.stop();
                dataSource.close();
            }
        });
        OrderLedger ledger = new OrderLedger(dataSource, clock, heartbeat.instanceId(),
                settings.getDuration("spotlink.intake.recovery.owner-timeout", Duration.ofSeconds(30)));

        SpotClientConfig spotConfig = spotClientConfig(settings);
        configureHttpClient(context, spotConfig, settings.getInt("spot.api.max-connections", 200));
        SpotClient spot = new SpotClient(context, spotConfig);

        TestCodeMap testCodes = TestCodeMap.load(Path.of(settings.require("spotlink.intake.test-code-map")));
        OrderValidator validator = new OrderValidator(testCodes, intakeLimits(settings));
        OrderSubmitter submitter = new OrderSubmitter(validator, ledger,
                settings.get("spotlink.intake.default-source-system", "DEFAULT"));

        var registry = context.getRegistry();
        RequisitionSubmitter requisitions = new RequisitionSubmitter(new RequisitionMapper(requisitionSettings(settings)),
                ledger, spot);
        registry.bind("requisitionSubmitter", requisitions);
        // platform-http runs each request's route on Vert.x's worker pool (20 threads unless told): with more
        // connections than workers, requests queue in front of the pool while Spot calls could be overlapping.
        registry.bind("vertxOptions", new io.vertx.core.VertxOptions()
                .setWorkerPoolSize(settings.getInt("spotlink.http.worker-threads", 64)));
        registry.bind("ledgerDataSource", dataSource);
        registry.bind("orderLedger", ledger);
        registry.bind("spotClient", spot);
        registry.bind("testCodeMap", testCodes);
        registry.bind("orderSubmitter", submitter);
        bindSpotRoutes(registry, settings, spot);
        registry.bind("spotOrderMapper", new SpotOrderMapper(testCodes));
        registry.bind("failedOrderRetrier", new FailedOrderRetrier(ledger, clock,
                settings.getDuration("spotlink.intake.retry.interval", Duration.ofMinutes(2)),
                settings.getInt("spotlink.intake.retry.max-attempts", 10)));
        registry.bind("orderValidator", validator);
        RejectedInputStore rejected = new RejectedInputStore(Path.of(settings.get("spotlink.intake.rejected.directory",
                "data/rejected")));
        registry.bind("rejectedInputStore", rejected);
        registry.bind("orderHttpApi", new OrderHttpApi(settings.getInt("spotlink.intake.http.max-bytes", 65_536),
                rejected, retryAfterSeconds(settings)));
        registry.bind("orphanedOrderRecoverer", new OrphanedOrderRecoverer(ledger));
        // the mllp component: camel-mllp with its listener's gaps closed (bounded connection checks, oversize and
        // short frames answered AE)
        registry.bind("mllp", new io.spotlink.intake.hl7.GuardedMllpComponent());
        registry.bind("mllpOrderIntake", new MllpOrderIntake(new OrderSubmitGateway(context.createProducerTemplate(), "mllp"),
                validator,
                java.nio.charset.Charset.forName(settings.get("spotlink.intake.mllp.default-charset", "UTF-8")),
                "ORR".equalsIgnoreCase(settings.get("spotlink.intake.mllp.reply", "ACK")), rejected));
        bindFileIntake(context, settings, dataSource, clock);
        registry.bind("apiKeyAuth", new io.spotlink.http.auth.ApiKeyAuth(apiKeys(settings),
                settings.getBoolean("spotlink.auth.enabled", true)));
        registry.bind("orderLookupApi", new OrderLookupApi(ledger,
                new io.spotlink.following.KitTracker(dataSource, clock), spot, new CallbackRateLimiter(
                Double.parseDouble(settings.get("spotlink.auth.refresh-rate-limit", "1")), 1)));
        // the operator page (/ui, routes/operator-page-http.yaml) and the JSON it reads besides orders and deliveries
        registry.bind("orderListApi", new io.spotlink.http.OrderListApi(ledger,
                settings.getInt("spotlink.http.orders.max-limit", 1000)));
        registry.bind("operatorStatusApi", new io.spotlink.http.OperatorStatusApi());
        registry.bind("operatorPage", new io.spotlink.http.OperatorPage());
        // the shared ObjectMapper, also of the HTTP answers (REST binding and marshal steps, routes/rest-api.yaml)
        registry.bind("spotObjectMapper", io.spotlink.spot.SpotJson.mapper());
        heartbeat.start(); // last: the configuration above can still fail; no route has started yet
    }

    /** The beans of the Spot routes (spot-http, spot-call, spot-retry, spot-create-order). */
    public static void bindSpotRoutes(org.apache.camel.spi.Registry registry, Settings settings, SpotClient spot) {
        registry.bind("spotObjectMapper", io.spotlink.spot.SpotJson.mapper());
        registry.bind("spotAnswers", new SpotAnswers());
        registry.bind("spotAuthorization", new io.spotlink.spot.SpotAuthorization(spot.config().apiKey()));
        registry.bind("spotRetryAfter", new RetryAfterDelay(settings.getDuration("spot.api.retry.max-delay",
                Duration.ofSeconds(30))));
        registry.bind("spotCreateGuard", new SpotCreateGuard(new ExistingSpotOrderFinder(spot)));
        // Prometheus registry of camel-micrometer-prometheus when metrics are on; without it the meter records nothing
        registry.bind("spotCallMeters", new io.spotlink.ops.SpotCallMeters(registry.lookupByNameAndType(
                org.apache.camel.component.micrometer.MicrometerConstants.METRICS_REGISTRY_NAME,
                io.micrometer.core.instrument.MeterRegistry.class)));
    }

    /** Retry-After (seconds) of HTTP answers that ask the sender to come back: 503 (Spot unavailable), 409 (in flight). */
    private static OrderHttpApi.RetryAfter retryAfterSeconds(Settings settings) {
        return new OrderHttpApi.RetryAfter(settings.getInt("spot.api.breaker.open-seconds", 30),
                settings.getInt("spotlink.intake.in-flight-retry-after", 5));
    }

    /**
     * This process's heartbeat in the ledger, started at the end of configure, before any route can claim an order
     * (and stopped, removing its row, before the pool closes). It must beat well within the owner timeout, or live
     * claims would be taken.
     */
    private static InstanceHeartbeat instanceHeartbeat(Settings settings, HikariDataSource dataSource, Clock clock)
            throws Exception {
        Duration interval = settings.getDuration("spotlink.intake.recovery.heartbeat-interval", Duration.ofSeconds(5));
        Duration ownerTimeout = settings.getDuration("spotlink.intake.recovery.owner-timeout", Duration.ofSeconds(30));
        if (interval.isZero() || interval.isNegative() || interval.multipliedBy(2).compareTo(ownerTimeout) > 0) {
            throw new IllegalStateException("spotlink.intake.recovery.heartbeat-interval must be positive and at most "
                    + "half of spotlink.intake.recovery.owner-timeout");
        }
        return new InstanceHeartbeat(dataSource, clock, InstanceHeartbeat.newInstanceId(), interval);
    }

    /** order-intake-file and order-intake-sftp: the read locks (one per channel) and the file handler. */
    private static void bindFileIntake(CamelContext context, Settings settings, javax.sql.DataSource dataSource,
                                       Clock clock) throws java.io.IOException {
        for (String lock : java.util.List.of("fileIntakeReadLock", "sftpIntakeReadLock")) {
            QuietPeriodReadLock<Object> readLock = new QuietPeriodReadLock<>();
            readLock.setMinAge(settings.getInt("spotlink.intake.files.min-age", 1000));
            readLock.setDoneMarker(settings.getBoolean("spotlink.intake.files.done-marker", false));
            context.getRegistry().bind(lock, readLock);
        }
        int concurrency = settings.getInt("spotlink.intake.files.concurrency", 8);
        FileIntakeLimits limits = new FileIntakeLimits(
                java.nio.charset.Charset.forName(settings.get("spotlink.intake.files.charset", "UTF-8")),
                Long.parseLong(settings.get("spotlink.intake.files.max-bytes", "52428800")),
                settings.getInt("spotlink.intake.files.max-rows", 1_000_000), concurrency);
        FileOrderIntake files = new FileOrderIntake(new OrderFileParser(csvColumns(settings)),
                new OrderSubmitGateway(context.createProducerTemplate(), "file"), new FileRunLog(dataSource, clock),
                context.getExecutorServiceManager().newFixedThreadPool(context, "order-file-rows", concurrency),
                limits);
        files.setInFlightWait(settings.getDuration("spotlink.intake.files.in-flight-wait", Duration.ofSeconds(45)));
        context.getRegistry().bind("fileOrderIntake", files);
    }

    private static java.util.Map<String, String> csvColumns(Settings settings) throws java.io.IOException {
        java.util.Properties columns = new java.util.Properties();
        try (var reader = java.nio.file.Files.newBufferedReader(Path.of(settings.get("spotlink.intake.files.csv-columns",
                "config/csv-columns.properties")), java.nio.charset.StandardCharsets.UTF_8)) {
            columns.load(reader);
        }
        java.util.Map<String, String> map = new java.util.HashMap<>();
        columns.forEach((k, v) -> map.put(k.toString(), v.toString()));
        return map;
    }

    /** The accepted API keys: spotlink.auth.keys (SPOTLINK_AUTH_KEYS) and the entries of spotlink.auth.keys-file. */
    static io.spotlink.http.auth.ApiKeys apiKeys(Settings settings) throws java.io.IOException {
        StringBuilder entries = new StringBuilder(settings.get("spotlink.auth.keys", ""));
        var file = settings.find("spotlink.auth.keys-file");
        if (file.isPresent()) {
            entries.append('\n').append(java.nio.file.Files.readString(Path.of(file.get())));
        }
        return io.spotlink.http.auth.ApiKeys.parse(entries.toString());
    }

    /** Field limits of intake (spotlink.intake.limits.*), each defaulting to IntakeLimits.defaults(). */
    static IntakeLimits intakeLimits(Settings settings) {
        IntakeLimits d = IntakeLimits.defaults();
        String prefix = "spotlink.intake.limits.";
        java.util.Set<String> extraKits = java.util.Arrays.stream(settings.get("spotlink.intake.kit-types", "")
                .split(",")).map(String::strip).filter(k -> !k.isEmpty()).collect(java.util.stream.Collectors.toSet());
        return new IntakeLimits(settings.getInt(prefix + "name", d.name()), settings.getInt(prefix + "email", d.email()),
                settings.getInt(prefix + "phone", d.phone()), settings.getInt(prefix + "street", d.street()),
                settings.getInt(prefix + "city", d.city()), settings.getInt(prefix + "identifier", d.identifier()),
                settings.getInt(prefix + "tests", d.tests()), settings.getInt(prefix + "metadata-keys", d.metadataKeys()),
                settings.getInt(prefix + "metadata-text", d.metadataText()), extraKits);
    }

    /** spotlink.requisitions.*: orders with a specimen barcode as Spot requisitions (off by default). */
    static RequisitionSettings requisitionSettings(Settings settings) {
        boolean enabled = settings.getBoolean("spotlink.requisitions.enabled", false);
        return new RequisitionSettings(enabled, settings.get("spotlink.requisitions.account-number", null),
                settings.get("spotlink.requisitions.lab", null),
                settings.get("spotlink.requisitions.state-collected", null),
                enabled ? TestCodeMap.load(Path.of(settings.get("spotlink.requisitions.panel-map",
                        "config/requisition-panels.properties"))) : new TestCodeMap(java.util.Map.of()));
    }

    public static SpotClientConfig spotClientConfig(Settings settings) {
        String key = settings.find("spot.api.key").orElseThrow(() -> new IllegalStateException(
                "No Spot API key: set the environment variable SPOT_API_KEY"));
        return new SpotClientConfig(settings.require("spot.api.base-url"), key,
                settings.getDuration("spot.api.connect-timeout", Duration.ofSeconds(5)),
                settings.getDuration("spot.api.response-timeout", Duration.ofSeconds(30)),
                settings.getInt("spot.api.page-size", 100),
                java.util.Set.of(settings.get("spot.api.document-hosts", "").split("\\s*,\\s*")));
    }

    /**
     * Timeouts and connection pool of camel-http, which calls Spot. Its pool defaults to 20 connections per host:
     * calls beyond that wait for a free one, capping Spot calls at 20 / latency per second whatever the load.
     */
    private static void configureHttpClient(CamelContext context, SpotClientConfig config, int maxConnections) {
        int connect = (int) config.connectTimeout().toMillis();
        int response = (int) config.responseTimeout().toMillis();
        // Both schemes: camel-http registers "http" and "https" as two components, and Spot is https in production.
        for (String scheme : java.util.List.of("http", "https")) {
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
