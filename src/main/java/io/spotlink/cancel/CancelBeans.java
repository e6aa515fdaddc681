package io.spotlink.cancel;

import io.spotlink.config.Settings;
import io.spotlink.intake.OrderValidator;
import io.spotlink.ledger.OrderLedger;
import io.spotlink.ops.AlertWatcher;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

import javax.sql.DataSource;
import java.time.Clock;

/**
 * The beans of cancel and change requests, bound after the intake, results and ops beans they join: the request
 * ledger, the cancel and change services, their HTTP face, their operator alerts (added to alertWatcher) and the
 * cancel note of results (bean oruOrderNotes). Each intake channel is handed the services it needs.
 */
public class CancelBeans implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) {
        var registry = context.getRegistry();
        Settings settings = new Settings(context);
        Clock clock = Clock.systemUTC();
        DataSource dataSource = registry.lookupByNameAndType("ledgerDataSource", DataSource.class);
        OrderLedger orders = registry.lookupByNameAndType("orderLedger", OrderLedger.class);
        OrderValidator validator = registry.lookupByNameAndType("orderValidator", OrderValidator.class);
        RequestLedger requests = new RequestLedger(dataSource, clock);
        OrderCancels cancels = new OrderCancels(orders, requests, clock);
        OrderChanges changes = new OrderChanges(orders, requests, validator, context.createProducerTemplate());
        registry.bind("requestLedger", requests);
        registry.bind("orderCancels", cancels);
        registry.bind("orderChanges", changes);
        registry.bind("orderRequestHttpApi", new RequestHttpApi(cancels, changes,
                settings.getInt("spotlink.intake.http.max-bytes", 65_536),
                settings.getInt("spotlink.intake.in-flight-retry-after", 5)));
        if (settings.getBoolean("spotlink.cancel.result-note", true)) {
            registry.bind("oruOrderNotes", new CancelNotes(requests));
        }
        AlertWatcher alerts = registry.lookupByNameAndType("alertWatcher", AlertWatcher.class);
        if (alerts != null) {
            alerts.addSource(new RequestAlerts(requests));
        }
        ChannelRequests channels = new ChannelRequests(cancels, changes,
                settings.get("spotlink.intake.default-source-system", "DEFAULT"));
        registry.bind("channelRequests", channels);
        var list = registry.lookupByNameAndType("orderListApi", io.spotlink.http.OrderListApi.class);
        if (list != null) {
            list.setCancelRequests(requests);
        }
        var mllp = registry.lookupByNameAndType("mllpOrderIntake", io.spotlink.intake.hl7.MllpOrderIntake.class);
        if (mllp != null) {
            mllp.setRequests(channels);
        }
        var jms = registry.lookupByNameAndType("jmsOrderIntake", io.spotlink.intake.jms.JmsOrderIntake.class);
        if (jms != null) {
            jms.setRequests(channels);
        }
        var files = registry.lookupByNameAndType("fileOrderIntake", io.spotlink.intake.files.FileOrderIntake.class);
        if (files != null) {
            files.setRequests(channels);
        }
    }
}
