package io.spotlink.intake.jms;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.apache.activemq.artemis.spi.core.security.jaas.InVMLoginModule;
import org.apache.camel.support.service.ServiceSupport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * The default JMS broker: Artemis in-process, persistent, listening on 127.0.0.1 over TCP so hospital systems can
 * send to it. Security is on with one user and one role: nobody connects without the credentials. Only the CORE
 * protocol is accepted, so no protocol conversion on the broker deserialises an ObjectMessage (and the acceptor's
 * deny list would refuse every class should another protocol ever be added). Dead-lettering
 * with reasons is Spotlink's (see JmsOrderIntake); the broker's own limit on the intake queue only backs it up.
 */
public class EmbeddedBroker extends ServiceSupport {

    /** The one role: send, consume, browse, create queues (temporary reply queues too); no management. */
    static final String ROLE = "spotlink";

    /** Where it stores data and listens, and how the intake queue is redelivered. */
    public record Options(Path dataDir, int port, String intakeQueue, String deadLetterQueue, int maxDeliveries,
                          Duration redeliveryDelay) {
    }

    private final Options options;
    private final JmsCredentials credentials;
    private EmbeddedActiveMQ broker;
    private long intakeMaxBytes;

    public EmbeddedBroker(Options options, JmsCredentials credentials) {
        this.options = options;
        this.credentials = credentials;
    }

    /** Dead-letters on arrival a message on the intake queue certainly over this many bytes (0: no check). */
    public EmbeddedBroker withIntakeMaxBytes(long maxBytes) {
        this.intakeMaxBytes = maxBytes;
        return this;
    }

    public String url() {
        return "tcp://127.0.0.1:" + options.port();
    }

    @Override
    protected void doStart() throws Exception {
        Path dataDir = options.dataDir();
        Configuration config = new ConfigurationImpl()
                .setName("spotlink-embedded")
                .setPersistenceEnabled(true)
                .setSecurityEnabled(true)
                .setJournalDirectory(dataDir.resolve("journal").toString())
                .setBindingsDirectory(dataDir.resolve("bindings").toString())
                .setLargeMessagesDirectory(dataDir.resolve("large").toString())
                .setPagingDirectory(dataDir.resolve("paging").toString())
                .addAcceptorConfiguration("tcp", url() + "?protocols=CORE;deserializationDenyList=*");
        config.putSecurityRoles("#", Set.of(new Role(ROLE, true, true, true, false, true, true, false, true, true,
                true)));
        config.addAddressSetting("#", new AddressSettings()
                .setDeadLetterAddress(SimpleString.of(options.deadLetterQueue()))
                .setExpiryAddress(SimpleString.of(options.deadLetterQueue()))
                .setAutoCreateDeadLetterResources(false)
                .setMaxDeliveryAttempts(-1)
                .setRedeliveryDelay(options.redeliveryDelay().toMillis())
                .setRedeliveryMultiplier(2.0)
                .setMaxRedeliveryDelay(Math.max(60_000, options.redeliveryDelay().toMillis())));
        // Backstop: should Spotlink fail even to dead-letter a message, the broker moves it after the last delivery.
        config.addAddressSetting(options.intakeQueue(), new AddressSettings()
                .setMaxDeliveryAttempts(options.maxDeliveries()));

        if (intakeMaxBytes > 0) {
            config.registerBrokerPlugin(new OversizeIntakeMessages(options.intakeQueue(), options.deadLetterQueue(),
                    intakeMaxBytes));
        }

        SecurityConfiguration users = new SecurityConfiguration();
        users.addUser(credentials.username(), credentials.password());
        users.addRole(credentials.username(), ROLE);
        broker = new EmbeddedActiveMQ().setConfiguration(config)
                .setSecurityManager(new ActiveMQJAASSecurityManager(InVMLoginModule.class.getName(), users));
        broker.start();
    }

    /** The address settings in force for a queue (tests check the redelivery options reach the broker). */
    public AddressSettings settingsOf(String queue) {
        return broker.getActiveMQServer().getAddressSettingsRepository().getMatch(queue);
    }

    /** The TCP acceptor's parameters, protocol ones included (tests check the protocol and deny list). */
    public java.util.Map<String, Object> acceptorParams() {
        var acceptor = broker.getActiveMQServer().getConfiguration().getAcceptorConfigurations().iterator().next();
        java.util.Map<String, Object> params = new java.util.HashMap<>(acceptor.getParams());
        if (acceptor.getExtraParams() != null) {
            params.putAll(acceptor.getExtraParams());
        }
        return params;
    }

    @Override
    protected void doStop() throws Exception {
        if (broker != null) {
            broker.stop();
        }
    }
}
