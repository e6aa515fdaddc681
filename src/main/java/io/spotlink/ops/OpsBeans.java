package io.spotlink.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.spotlink.config.Settings;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.component.micrometer.MicrometerConstants;
import org.apache.camel.CamelContext;
import org.apache.camel.component.jms.JmsComponent;
import org.springframework.jms.connection.CachingConnectionFactory;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;

/**
 * What operations watch. Readiness checks, found by Camel's health-check registry in the bean registry and served
 * with Camel's route checks at /observe/health/ready (liveness at /observe/health/live). Metrics: Spotlink's business
 * meters, in the Prometheus registry that camel-micrometer-prometheus serves at /observe/metrics.
 */
public class OpsBeans implements CamelConfiguration {

    /** The pod or host name, to tell replicas apart in an alert. */
    private static String instanceName() {
        String host = System.getenv("HOSTNAME");
        if (host != null && !host.isBlank()) {
            return host;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "spotlink";
        }
    }

    @Override
    public void configure(CamelContext context) {
        var registry = context.getRegistry();
        Settings settings = new Settings(context);
        DataSource ledger = registry.lookupByNameAndType("ledgerDataSource", DataSource.class);
        registry.bind("ledgerHealthCheck", new LedgerHealthCheck(ledger));
        // camel-micrometer-prometheus has made its registry by now when camel.metrics.enabled is true
        MeterRegistry meters = registry.lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME,
                MeterRegistry.class);
        registry.bind("orderMeters", new OrderMeters(meters));
        registry.bind("spotCircuitHealthCheck", new SpotCircuitHealthCheck(context));
        if (meters != null) {
            LedgerMeters ledgerMeters = new LedgerMeters(ledger, meters, Clock.systemUTC(), settings.getDuration(
                    "spotlink.metrics.ledger-history-refresh", Duration.ofMinutes(10)));
            long refreshMillis = settings.getDuration("spotlink.metrics.ledger-refresh", Duration.ofSeconds(15))
                    .toMillis();
            context.getExecutorServiceManager().newSingleThreadScheduledExecutor(ledgerMeters, "ledger-meters")
                    .scheduleWithFixedDelay(ledgerMeters::read, 0, Math.max(100, refreshMillis),
                            java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        registry.bind("alertWatcher", new AlertWatcher(ledger, Clock.systemUTC(), new AlertWatcher.Thresholds(
                settings.getDuration("spotlink.alerts.undelivered-after", Duration.ofHours(4)),
                settings.getDuration("spotlink.alerts.spot-down-after", Duration.ofMinutes(15)),
                settings.getDuration("spotlink.alerts.repeat-after", Duration.ofHours(1)),
                settings.getInt("spotlink.intake.retry.max-attempts", 10)), instanceName()));
        // JmsBeans adds the jms component only when a JMS channel is on
        if (context.hasComponent("jms") instanceof JmsComponent jms
                && jms.getConfiguration().getConnectionFactory() instanceof CachingConnectionFactory caching) {
            registry.bind("brokerHealthCheck", new BrokerHealthCheck(caching.getTargetConnectionFactory()));
        }
    }
}
