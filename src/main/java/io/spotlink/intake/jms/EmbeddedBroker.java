package io.spotlink.intake.jms;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.camel.support.service.ServiceSupport;

import java.nio.file.Path;

/**
 * The default JMS broker: Artemis in-process, persistent, listening on 127.0.0.1 over TCP so hospital systems can
 * send to it. Redelivery and dead-lettering are Spotlink's (see JmsOrderIntake), so the broker only backs them up.
 */
public class EmbeddedBroker extends ServiceSupport {

    private final Path dataDir;
    private final int port;
    private final String deadLetterQueue;
    private EmbeddedActiveMQ broker;

    public EmbeddedBroker(Path dataDir, int port, String deadLetterQueue) {
        this.dataDir = dataDir;
        this.port = port;
        this.deadLetterQueue = deadLetterQueue;
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    protected void doStart() throws Exception {
        Configuration config = new ConfigurationImpl()
                .setName("spotlink-embedded")
                .setPersistenceEnabled(true)
                .setSecurityEnabled(false)
                .setJournalDirectory(dataDir.resolve("journal").toString())
                .setBindingsDirectory(dataDir.resolve("bindings").toString())
                .setLargeMessagesDirectory(dataDir.resolve("large").toString())
                .setPagingDirectory(dataDir.resolve("paging").toString())
                .addAcceptorConfiguration("tcp", url())
                .addAcceptorConfiguration("in-vm", "vm://0");
        config.addAddressSetting("#", new AddressSettings()
                .setDeadLetterAddress(SimpleString.of(deadLetterQueue))
                .setExpiryAddress(SimpleString.of(deadLetterQueue))
                .setAutoCreateDeadLetterResources(false)
                .setMaxDeliveryAttempts(-1)
                .setRedeliveryDelay(1000)
                .setRedeliveryMultiplier(2.0)
                .setMaxRedeliveryDelay(60_000));
        broker = new EmbeddedActiveMQ().setConfiguration(config);
        broker.start();
    }

    @Override
    protected void doStop() throws Exception {
        if (broker != null) {
            broker.stop();
        }
    }
}
