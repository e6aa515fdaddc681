package io.spotlink.intake.jms;

import io.spotlink.sim.SpotSimulator;
import io.spotlink.support.LogCapture;
import io.spotlink.support.RunningBundle;
import io.spotlink.support.Simulators;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Session;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.component.jms.JmsComponent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jms.connection.CachingConnectionFactory;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The embedded broker's security, the client's deserialisation lists, redelivery settings and start-up switches. */
class JmsBrokerSecurityTest {

    @TempDir
    Path dir;

    private static String url(RunningBundle bundle) {
        return "tcp://127.0.0.1:" + bundle.setting("spotlink.jms.embedded.port");
    }

    @Test
    void generatedCredentialsAreRequiredNeverLoggedAndTheDeadLetterQueueIsClosedToAnonymousClients()
            throws Exception {
        try (SpotSimulator sim = Simulators.start(); LogCapture logs = LogCapture.atDebug();
             RunningBundle bundle = RunningBundle.start(dir, sim.baseUrl(), Simulators.API_KEY, Map.of(
                     "spotlink.results.poll-enabled", "false"))) {
            ActiveMQConnectionFactory client = bundle.jmsClient();
            assertThat(client.getUser()).isEqualTo("spotlink");
            String password = client.getPassword();
            assertThat(password).as("generated at start").hasSizeGreaterThanOrEqualTo(32);

            assertThatThrownBy(() -> new ActiveMQConnectionFactory(url(bundle)).createConnection().close())
                    .as("anonymous").isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> new ActiveMQConnectionFactory(url(bundle), "spotlink", "guess")
                    .createConnection().close()).as("wrong password").isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> {
                try (Connection anonymous = new ActiveMQConnectionFactory(url(bundle)).createConnection()) {
                    anonymous.createSession(false, Session.AUTO_ACKNOWLEDGE)
                            .createConsumer(new org.apache.activemq.artemis.jms.client.ActiveMQQueue(
                                    "spotlink.orders.DLQ")).receive(1000);
                }
            }).as("an anonymous consumer of the DLQ").isInstanceOf(JMSSecurityException.class);
            try (Connection connection = client.createConnection()) {
                assertThat(connection.createSession(false, Session.AUTO_ACKNOWLEDGE)).isNotNull();
            }
            assertThat(logs.lines()).as("the generated password is never logged")
                    .noneMatch(line -> line.contains(password));
        }
    }

    @Test
    void configuredCredentialsAreUsedAndEachStartWithoutThemGeneratesNewOnes() throws Exception {
        try (SpotSimulator sim = Simulators.start();
             RunningBundle bundle = RunningBundle.start(dir, sim.baseUrl(), Simulators.API_KEY, Map.of(
                     "spotlink.results.poll-enabled", "false", "spotlink.jms.username", "hospital",
                     "spotlink.jms.password", "s3cret-Pw"))) {
            try (Connection connection = new ActiveMQConnectionFactory(url(bundle), "hospital", "s3cret-Pw")
                    .createConnection()) {
                assertThat(connection.createSession(false, Session.AUTO_ACKNOWLEDGE)).isNotNull();
            }
            assertThatThrownBy(() -> new ActiveMQConnectionFactory(url(bundle), "spotlink", "s3cret-Pw")
                    .createConnection().close()).isInstanceOf(JMSSecurityException.class);
        }
        String first;
        try (SpotSimulator sim = Simulators.start();
             RunningBundle bundle = RunningBundle.start(dir.resolve("a"), sim.baseUrl(), Simulators.API_KEY,
                     Map.of())) {
            first = bundle.jmsClient().getPassword();
        }
        try (SpotSimulator sim = Simulators.start();
             RunningBundle bundle = RunningBundle.start(dir.resolve("b"), sim.baseUrl(), Simulators.API_KEY,
                     Map.of())) {
            assertThat(bundle.jmsClient().getPassword()).isNotEqualTo(first);
        }
    }

    @Test
    void theBundlesClientDeserialisesNoObjectMessageAndTheRedeliveryOptionsReachTheBroker() throws Exception {
        try (SpotSimulator sim = Simulators.start();
             RunningBundle bundle = RunningBundle.start(dir, sim.baseUrl(), Simulators.API_KEY, Map.of(
                     "spotlink.results.poll-enabled", "false", "spotlink.intake.jms.enabled", "false",
                     "spotlink.deliver.jms.enabled", "true", "spotlink.intake.jms.redelivery-delay", "2500ms",
                     "spotlink.intake.jms.max-deliveries", "4"))) {
            ActiveMQConnectionFactory bundles = (ActiveMQConnectionFactory) ((CachingConnectionFactory) bundle
                    .context().getComponent("jms", JmsComponent.class).getConfiguration().getConnectionFactory())
                    .getTargetConnectionFactory();
            try (Connection sender = bundle.jmsClient().createConnection();
                 Connection receiver = bundles.createConnection()) {
                Session out = sender.createSession(false, Session.AUTO_ACKNOWLEDGE);
                out.createProducer(out.createQueue("probe")).send(out.createObjectMessage(new File("/etc/hosts")));
                receiver.start();
                Session in = receiver.createSession(false, Session.AUTO_ACKNOWLEDGE);
                try (MessageConsumer consumer = in.createConsumer(in.createQueue("probe"))) {
                    Message received = consumer.receive(Duration.ofSeconds(30).toMillis());
                    assertThat(received).isInstanceOf(ObjectMessage.class);
                    assertThatThrownBy(((ObjectMessage) received)::getObject).isInstanceOf(JMSException.class);
                }
            }
            EmbeddedBroker broker = bundle.bean("embeddedBroker", EmbeddedBroker.class);
            assertThat(broker.acceptorParams()).containsEntry("protocols", "CORE")
                    .containsEntry("deserializationDenyList", "*");
            assertThat(broker.settingsOf("spotlink.orders").getRedeliveryDelay()).isEqualTo(2500);
            assertThat(broker.settingsOf("spotlink.orders").getMaxDeliveryAttempts()).isEqualTo(4);
            assertThat(broker.settingsOf("spotlink.oru").getMaxDeliveryAttempts()).as("only intake is capped")
                    .isEqualTo(-1);
            assertThat(bundle.context().getRoute("order-intake-jms")).as("intake off: no route").isNull();
        }
    }

    @Test
    void theRedeliveryDelayDefaultsToOneSecond() throws Exception {
        try (SpotSimulator sim = Simulators.start();
             RunningBundle bundle = RunningBundle.start(dir, sim.baseUrl(), Simulators.API_KEY, Map.of(
                     "spotlink.results.poll-enabled", "false"))) {
            assertThat(bundle.bean("embeddedBroker", EmbeddedBroker.class).settingsOf("spotlink.orders")
                    .getRedeliveryDelay()).isEqualTo(1000);
        }
    }

    @Test
    void withJmsIntakeAndTheEmbeddedBrokerOffTheBundleStartsWithoutABroker() throws Exception {
        try (SpotSimulator sim = Simulators.start();
             RunningBundle bundle = RunningBundle.start(dir, sim.baseUrl(), Simulators.API_KEY, Map.of(
                     "spotlink.results.poll-enabled", "false", "spotlink.intake.jms.enabled", "false",
                     "spotlink.jms.embedded", "false"))) {
            assertThat(bundle.context().getRoute("order-intake-jms")).isNull();
            assertThat(bundle.context().getRoute("oru-deliver-jms")).isNull();
            assertThat(bundle.bean("embeddedBroker", EmbeddedBroker.class)).isNull();
            assertThat(bundle.context().getRoute("order-intake-http")).isNotNull();
            assertThat(bundle.get("/orders/NOPE").statusCode()).isEqualTo(404);
            assertThatThrownBy(() -> new ActiveMQConnectionFactory(url(bundle)).createConnection().close())
                    .as("no broker listening").isInstanceOf(JMSException.class);
        }
    }

    @Test
    void theEmbeddedBrokerStartsOnlyWhenAJmsChannelIsOn() throws Exception {
        try (SpotSimulator sim = Simulators.start();
             RunningBundle bundle = RunningBundle.start(dir, sim.baseUrl(), Simulators.API_KEY, Map.of(
                     "spotlink.results.poll-enabled", "false", "spotlink.intake.jms.enabled", "false",
                     "spotlink.deliver.jms.enabled", "false"))) {
            assertThat(bundle.bean("embeddedBroker", EmbeddedBroker.class)).as("no JMS channel on").isNull();
        }
    }
}
