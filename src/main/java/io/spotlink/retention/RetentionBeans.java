package io.spotlink.retention;

import io.micrometer.core.instrument.MeterRegistry;
import io.spotlink.config.Settings;
import io.spotlink.delivery.DeliveryDestination;
import io.spotlink.delivery.DeliveryDestinations;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.component.micrometer.MicrometerConstants;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Retention's beans (README "Data retention"): {@code retentionPruner}, which route retention-prune runs on the
 * leader, and {@code prunedContent}, the steps of the HTTP routes that say what was pruned. Every store that holds
 * message content, each with its clocks from spotlink.retention.<store>.content-days / metadata-days.
 */
public class RetentionBeans implements CamelConfiguration {

    private static final String PREFIX = "spotlink.retention.";

    @Override
    public void configure(CamelContext context) {
        Settings settings = new Settings(context);
        var registry = context.getRegistry();
        DataSource ledger = registry.lookupByNameAndType("ledgerDataSource", DataSource.class);
        Clock clock = Clock.systemUTC();
        PruneArchive archive = new PruneArchive(settings.find(PREFIX + "archive.directory").map(Path::of).orElse(null),
                clock);
        RetentionClocks deliveryClocks = clocks(settings, DeliveryRetention.NAME);

        List<RetentionPruner.Retained> stores = new ArrayList<>();
        stores.add(new RetentionPruner.Retained(new OrderRetention(ledger, clock,
                settings.getDuration("spotlink.results.watch-completed-for", Duration.ofDays(30)), deliveryClocks,
                archive), clocks(settings, OrderRetention.NAME)));
        stores.add(new RetentionPruner.Retained(new DeliveryRetention(ledger, clock, archive), deliveryClocks));
        stores.add(new RetentionPruner.Retained(new IntakeFileRetention(Path.of(settings.get(
                "spotlink.intake.file.directory", "inbox")), ledger, archive), clocks(settings, IntakeFileRetention.NAME)));
        stores.add(new RetentionPruner.Retained(new RejectedInputRetention(Path.of(settings.get(
                "spotlink.intake.rejected.directory", "data/rejected")), archive),
                clocks(settings, RejectedInputRetention.NAME)));
        List<Path> outboxes = DeliveryDestinations.of(context).stream().filter(d -> d.type().equals("file"))
                .map(DeliveryDestination::parameters).map(p -> Path.of(p.get("directory"))).toList();
        stores.add(new RetentionPruner.Retained(new OutboxRetention(outboxes, archive),
                contentOnly(settings, OutboxRetention.NAME)));
        // The dead-letter queue is the JMS intake's, on the broker of the jms component (JmsBeans)
        if (settings.getBoolean("spotlink.intake.jms.enabled", true) && context.hasComponent("jms") instanceof JmsComponent jms) {
            // its own connections, not the component's cache: a cached consumer would keep its selector and hold
            // dead letters it prefetched
            jakarta.jms.ConnectionFactory factory = jms.getConfiguration().getConnectionFactory();
            if (factory instanceof org.springframework.jms.connection.CachingConnectionFactory caching) {
                factory = caching.getTargetConnectionFactory();
            }
            stores.add(new RetentionPruner.Retained(new DeadLetterRetention(factory,
                    settings.get("spotlink.intake.jms.dead-letter-queue", "spotlink.orders.DLQ"), archive),
                    contentOnly(settings, DeadLetterRetention.NAME)));
        }
        MeterRegistry meters = registry.lookupByNameAndType(MicrometerConstants.METRICS_REGISTRY_NAME,
                MeterRegistry.class);
        registry.bind("retentionPruner", new RetentionPruner(stores, settings.getInt(PREFIX + "batch-size", 500), clock,
                new RetentionMeters(meters)));
        registry.bind("prunedContent", new PrunedContent(ledger));
    }

    /** A store whose records are content alone (files, messages): content-days only. */
    static RetentionClocks contentOnly(Settings settings, String store) {
        return new RetentionClocks(settings.getInt(PREFIX + store + ".content-days", 30), 0);
    }

    /** A store's clocks: content-days (default 30) and metadata-days (default 365); 0 keeps. */
    static RetentionClocks clocks(Settings settings, String store) {
        int content = settings.getInt(PREFIX + store + ".content-days", 30);
        int metadata = settings.getInt(PREFIX + store + ".metadata-days", 365);
        if (content > 0 && metadata > 0 && metadata < content) {
            throw new IllegalStateException(PREFIX + store + ".metadata-days must be 0 or at least " + PREFIX + store
                    + ".content-days");
        }
        return new RetentionClocks(content, metadata);
    }
}
