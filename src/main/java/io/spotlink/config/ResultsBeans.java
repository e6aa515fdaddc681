package io.spotlink.config;

import io.spotlink.http.DeliveryHttpApi;
import io.spotlink.http.CallbackRateLimiter;
import io.spotlink.http.SpotCallbackApi;
import io.spotlink.ledger.OrderLedger;
import io.spotlink.following.CallbackIdResolver;
import io.spotlink.delivery.DeliveryDestination;
import io.spotlink.delivery.DeliveryDestinations;
import io.spotlink.delivery.DestinationRoutes;
import io.spotlink.delivery.DeliveryDispatcher;
import io.spotlink.delivery.DeliveryLedger;
import io.spotlink.delivery.DeliveryPolicy;
import io.spotlink.following.FollowUpLedger;
import io.spotlink.following.KitTracker;
import io.spotlink.delivery.OruRenderer;
import io.spotlink.following.ReportEnqueuer;
import io.spotlink.following.ResultPollSettings;
import io.spotlink.following.ResultPoller;
import io.spotlink.spot.SpotClient;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Beans of the results side: poller, delivery ledger and dispatcher, and their HTTP faces. */
public class ResultsBeans implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = new Settings(context);
        var registry = context.getRegistry();
        DataSource dataSource = registry.lookupByNameAndType("ledgerDataSource", DataSource.class);
        OrderLedger orders = registry.lookupByNameAndType("orderLedger", OrderLedger.class);
        SpotClient spot = registry.lookupByNameAndType("spotClient", SpotClient.class);
        Clock clock = Clock.systemUTC();

        // Each destination gets its route oru-deliver-<name> from the template of its type, and its ledger rows
        List<DeliveryDestination> destinations = DeliveryDestinations.of(context);
        registry.bind("oruDestinationRoutes", new DestinationRoutes(destinations));
        List<String> names = destinations.stream().map(DeliveryDestination::name).toList();
        OruRenderer renderer = OruBeans.renderer(context, settings, spot, clock, destinations);
        DeliveryLedger deliveries = new DeliveryLedger(dataSource, clock,
                settings.getDuration("spotlink.deliver.sending-timeout", Duration.ofMinutes(2)));
        KitTracker kits = new KitTracker(dataSource, clock);
        ResultPollSettings pollSettings = new ResultPollSettings(
                settings.getInt("spotlink.results.sweep-per-cycle", 200),
                settings.getDuration("spotlink.results.watch-completed-for", Duration.ofDays(30)),
                settings.getInt("spotlink.results.concurrency", 4),
                settings.getInt("spotlink.results.max-calls-per-cycle", 2000),
                settings.getDuration("spotlink.results.poll-interval", Duration.ofSeconds(60)));
        ResultPoller poller = new ResultPoller(orders, spot, kits, new ReportEnqueuer(deliveries, renderer, destinations),
                new FollowUpLedger(dataSource, clock, pollSettings.watchCompletedFor()), pollSettings, clock);
        DeliveryPolicy policy = new DeliveryPolicy(settings.getInt("spotlink.deliver.max-attempts", 8),
                settings.getDuration("spotlink.deliver.initial-delay", Duration.ofSeconds(2)),
                settings.getDuration("spotlink.deliver.max-delay", Duration.ofMinutes(5)),
                settings.getInt("spotlink.deliver.batch-size", 50));

        registry.bind("oruRenderer", renderer);
        registry.bind("kitTracker", kits);
        registry.bind("deliveryLedger", deliveries);
        registry.bind("resultPoller", poller);
        // result-poll's retrieves, spotlink.results.concurrency at a time (the split's pool; Camel shuts it down)
        registry.bind("resultPollRetrieves", context.getExecutorServiceManager().newFixedThreadPool(poller,
                "result-poll-retrieve", pollSettings.concurrency()));
        registry.bind("deliveryDispatcher", new DeliveryDispatcher(context, deliveries, policy, names,
                settings.get("spotlink.deliver.control-id-prefix", "SL")));
        registry.bind("deliveryHttpApi", new DeliveryHttpApi(deliveries));
        registry.bind("callbackIdResolver", new CallbackIdResolver(orders, kits, spot));
        registry.bind("spotCallbackApi", new SpotCallbackApi(settings.get("spotlink.callback.secret", ""),
                new SpotCallbackApi.Limits(settings.getInt("spotlink.callback.max-ids", 20),
                        settings.getInt("spotlink.callback.max-bytes", 65_536)),
                new CallbackRateLimiter(Double.parseDouble(settings.get("spotlink.callback.rate-limit", "10")),
                        settings.getInt("spotlink.callback.rate-burst", 20)),
                new io.spotlink.http.FailedSecretLockout(settings.getInt("spotlink.callback.lockout-after", 10),
                        settings.getDuration("spotlink.callback.lockout-for", java.time.Duration.ofMinutes(15)),
                        java.time.Clock.systemUTC())));
    }
}
