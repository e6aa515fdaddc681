package io.spotlink.status;

import io.spotlink.config.Settings;
import io.spotlink.delivery.DeliveryDestination;
import io.spotlink.delivery.DeliveryDestinations;
import io.spotlink.delivery.DeliveryLedger;
import io.spotlink.delivery.OruRenderer;
import io.spotlink.following.ResultPoller;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Status and bad news (README "Status and bad news"): the result poller also queues, for every order it retrieves,
 * the status ORUs of its kits, on the same delivery ledger and destinations as results. Runs after ResultsBeans.
 */
public class StatusBeans implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        var registry = context.getRegistry();
        ResultPoller poller = registry.lookupByNameAndType("resultPoller", ResultPoller.class);
        DeliveryLedger deliveries = registry.lookupByNameAndType("deliveryLedger", DeliveryLedger.class);
        OruRenderer renderer = registry.lookupByNameAndType("oruRenderer", OruRenderer.class);
        if (poller == null || deliveries == null || renderer == null) {
            throw new IllegalStateException("StatusBeans needs the results beans (ResultsBeans) first");
        }
        List<DeliveryDestination> destinations = DeliveryDestinations.of(context);
        Settings settings = new Settings(context);
        Milestones milestones = new Milestones(settings::find);
        Map<String, Set<KitNews.Milestone>> perDestination = new LinkedHashMap<>();
        destinations.forEach(d -> perDestination.put(d.name(), milestones.of(d.name())));
        StatusNotices notices = new StatusNotices(deliveries, new StatusOru(renderer), destinations, perDestination,
                Clock.systemUTC());
        registry.bind("statusNotices", notices);
        poller.alsoEnqueue(notices);
    }
}
