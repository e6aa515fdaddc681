package io.spotlink.config;

import io.spotlink.delivery.DeliveryDestinations;

import io.spotlink.intake.jms.EmbeddedBroker;
import io.spotlink.intake.jms.JmsCredentials;
import io.spotlink.intake.jms.JmsDeadLetters;
import io.spotlink.intake.jms.JmsOrderIntake;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.LoggingLevel;
import org.apache.camel.component.jms.JmsComponent;
import org.springframework.jms.connection.CachingConnectionFactory;
import org.springframework.jms.connection.JmsTransactionManager;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The JMS side, set up only when a JMS channel (intake or ORU delivery) is on: the embedded Artemis broker (default)
 * or an external broker by URL, and the transacted jms component every JMS route uses. Credentials come from the
 * environment; the embedded broker generates its own when none are given.
 */
public class JmsBeans implements CamelConfiguration {

    /** Classes the client may deserialise from an ObjectMessage: none ("*" on the deny list wins). */
    static final String DESERIALIZATION_DENY_ALL = "*";

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = new Settings(context);
        boolean intake = settings.getBoolean("spotlink.intake.jms.enabled", true);
        boolean delivery = DeliveryDestinations.of(context).stream().anyMatch(d -> d.type().equals("jms"));
        if (!intake && !delivery) {
            return; // no JMS channel on: no broker, no component (order-intake-jms is left out by its precondition, and no jms destination means no oru-deliver route on JMS)
        }
        String dlq = settings.get("spotlink.intake.jms.dead-letter-queue", "spotlink.orders.DLQ");
        int maxDeliveries = settings.getInt("spotlink.intake.jms.max-deliveries", 5);
        String url;
        JmsCredentials credentials;
        if (settings.getBoolean("spotlink.jms.embedded", true)) {
            credentials = JmsCredentials.orGenerated(settings.find("spotlink.jms.username"),
                    settings.find("spotlink.jms.password"));
            EmbeddedBroker broker = new EmbeddedBroker(new EmbeddedBroker.Options(
                    Path.of(settings.get("spotlink.jms.embedded.data-dir", "data/artemis")),
                    settings.getInt("spotlink.jms.embedded.port", 61616),
                    settings.get("spotlink.intake.jms.queue", "spotlink.orders"), dlq, maxDeliveries,
                    settings.getDuration("spotlink.intake.jms.redelivery-delay", Duration.ofSeconds(1))),
                    credentials).withIntakeMaxBytes(settings.getInt("spotlink.intake.jms.max-bytes", 1_048_576));
            broker.start(); // before any route, so consumers find it
            context.addService(broker, true, true);
            context.getRegistry().bind("embeddedBroker", broker);
            url = broker.url();
        } else {
            url = settings.find("spotlink.jms.url").orElseThrow(() -> new IllegalStateException(
                    "A JMS channel is on but there is no broker: set spotlink.jms.url (SPOTLINK_JMS_URL) or "
                            + "spotlink.jms.embedded=true"));
            credentials = new JmsCredentials(settings.get("spotlink.jms.username", null),
                    settings.get("spotlink.jms.password", null));
        }
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(url, credentials.username(),
                credentials.password());
        factory.setDeserializationDenyList(DESERIALIZATION_DENY_ALL);
        factory.setDeserializationAllowList("");
        CachingConnectionFactory caching = new CachingConnectionFactory(factory);
        caching.setSessionCacheSize(10);
        JmsComponent jms = JmsComponent.jmsComponentTransacted(caching, new JmsTransactionManager(caching));
        // A rollback is logged once by JmsOrderIntake.rollingBack, without the listener container's stack trace each time.
        jms.getConfiguration().setErrorHandlerLogStackTrace(false);
        jms.getConfiguration().setErrorHandlerLoggingLevel(LoggingLevel.DEBUG);
        context.addComponent("jms", jms);

        if (intake) {
            context.getRegistry().bind("jmsOrderIntake", new JmsOrderIntake(new JmsDeadLetters(dlq),
                    new JmsOrderIntake.Limits(maxDeliveries,
                            settings.getInt("spotlink.intake.jms.max-bytes", 1_048_576))));
        }
    }
}
