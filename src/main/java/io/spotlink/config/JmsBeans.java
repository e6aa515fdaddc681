package io.spotlink.config;

import io.spotlink.intake.OrderSubmitRoute;
import io.spotlink.intake.jms.EmbeddedBroker;
import io.spotlink.intake.jms.JmsOrderIntake;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.jms.JmsComponent;
import org.springframework.jms.connection.CachingConnectionFactory;
import org.springframework.jms.connection.JmsTransactionManager;

import java.nio.file.Path;

/**
 * The JMS side: the embedded Artemis broker (default) or an external broker by URL, and the transacted jms
 * component every JMS route uses. Credentials of an external broker come from the environment.
 */
public class JmsBeans implements CamelConfiguration {

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = new Settings(context);
        String url;
        if (settings.getBoolean("spotlink.jms.embedded", true)) {
            EmbeddedBroker broker = new EmbeddedBroker(Path.of(settings.get("spotlink.jms.embedded.data-dir",
                    "data/artemis")), settings.getInt("spotlink.jms.embedded.port", 61616),
                    settings.get("spotlink.intake.jms.dead-letter-queue", "spotlink.orders.DLQ"));
            broker.start(); // before any route, so consumers find it
            context.addService(broker, true, true);
            url = broker.url();
        } else if (settings.find("spotlink.jms.url").isPresent()) {
            url = settings.require("spotlink.jms.url");
        } else if (settings.getBoolean("spotlink.intake.jms.enabled", true)
                || settings.getBoolean("spotlink.deliver.jms.enabled", false)) {
            throw new IllegalStateException("A JMS channel is on but there is no broker: set spotlink.jms.url "
                    + "(SPOTLINK_JMS_URL) or spotlink.jms.embedded=true");
        } else {
            return; // no JMS channel on and no broker: nothing to set up
        }
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(url,
                settings.get("spotlink.jms.username", null), settings.get("spotlink.jms.password", null));
        CachingConnectionFactory caching = new CachingConnectionFactory(factory);
        caching.setSessionCacheSize(10);
        JmsComponent jms = JmsComponent.jmsComponentTransacted(caching, new JmsTransactionManager(caching));
        context.addComponent("jms", jms);

        OrderSubmitRoute submitter = new OrderSubmitRoute(context.createProducerTemplate());
        String dlq = settings.get("spotlink.intake.jms.dead-letter-queue", "spotlink.orders.DLQ");
        context.getRegistry().bind("jmsOrderIntake", new JmsOrderIntake(submitter, context.createProducerTemplate(),
                "jms:queue:" + dlq, settings.getInt("spotlink.intake.jms.max-deliveries", 5)));
    }
}
