package io.spotlink.bench;

import io.spotlink.sim.SpotSimulator;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * JMS intake of the bundle (a child JVM, its embedded broker) against the broker's own rate: persistent messages
 * sent to a queue of the same broker and received back by this JVM. Intake is timed from the first send until the
 * simulator has created one order per message. A figure only: no goal.
 */
final class JmsIntakePath {

    private static final String INTAKE_QUEUE = "spotlink.orders";
    private static final String ECHO_QUEUE = "bench.echo";
    private static final Duration LIMIT = Duration.ofMinutes(5);

    private final SpotSimulator spot;
    private final BenchBundle bundle;

    JmsIntakePath(SpotSimulator spot, BenchBundle bundle) {
        this.spot = spot;
        this.bundle = bundle;
    }

    Figure run(int messages) throws Exception {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + bundle.jmsPort);
        try (Connection connection = factory.createConnection(BenchBundle.JMS_USER, bundle.jmsPassword)) {
            connection.start();
            double broker = brokerRate(connection, messages);
            double intake = intakeRate(connection, messages);
            return Figure.of("JMS intake", String.format(Locale.ROOT, "%,.0f orders/s (%,d messages, each created "
                    + "at the simulator)", intake, messages), String.format(Locale.ROOT,
                    "the broker's own persistent send + receive: %,.0f/s", broker),
                    HttpIntakePath.percent(intake / broker), "", true);
        }
    }

    private double intakeRate(Connection connection, int messages) throws Exception {
        String run = Long.toString(System.currentTimeMillis(), 36).toUpperCase(Locale.ROOT);
        int before = spot.orderCount();
        long started = System.nanoTime();
        try (Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             MessageProducer producer = session.createProducer(session.createQueue(INTAKE_QUEUE))) {
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            for (int i = 1; i <= messages; i++) {
                producer.send(session.createTextMessage(HttpIntakePath.hospitalOrder("J" + run + "-" + i)));
            }
        }
        long deadline = started + LIMIT.toNanos();
        while (spot.orderCount() - before < messages) {
            bundle.alive();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("JMS intake: " + (spot.orderCount() - before) + " of " + messages
                        + " orders created");
            }
            Thread.sleep(5);
        }
        double rate = messages / ((System.nanoTime() - started) / 1e9);
        if (spot.orderCount() - before != messages) {
            throw new IllegalStateException("JMS intake created more orders than messages sent");
        }
        return rate;
    }

    private double brokerRate(Connection connection, int messages) throws Exception {
        try (Session sending = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             Session receiving = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             MessageProducer producer = sending.createProducer(sending.createQueue(ECHO_QUEUE));
             MessageConsumer consumer = receiving.createConsumer(receiving.createQueue(ECHO_QUEUE))) {
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            String body = HttpIntakePath.hospitalOrder("ECHO");
            long started = System.nanoTime();
            CompletableFuture<Integer> received = CompletableFuture.supplyAsync(() -> {
                int n = 0;
                try {
                    while (n < messages && consumer.receive(LIMIT.toMillis()) != null) {
                        n++;
                    }
                } catch (jakarta.jms.JMSException e) {
                    throw new IllegalStateException(e);
                }
                return n;
            });
            for (int i = 0; i < messages; i++) {
                producer.send(sending.createTextMessage(body));
            }
            if (received.get() != messages) {
                throw new IllegalStateException("the broker gave back fewer messages than were sent");
            }
            return messages / ((System.nanoTime() - started) / 1e9);
        }
    }
}
