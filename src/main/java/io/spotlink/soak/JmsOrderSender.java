package io.spotlink.soak;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * A persistent TextMessage to the bundle's broker. Once the send returns the broker has it on disk, so the order
 * is handed over; a send that fails (the broker went down with a killed bundle) is retried on a new connection.
 */
final class JmsOrderSender implements AutoCloseable {

    private final ActiveMQConnectionFactory factory;
    private final String user;
    private final String password;
    private final String queue;
    private Connection connection;
    private Session session;
    private MessageProducer producer;

    JmsOrderSender(String url, String user, String password, String queue) {
        this.factory = new ActiveMQConnectionFactory(url);
        this.user = user;
        this.password = password;
        this.queue = queue;
    }

    synchronized Resender.Outcome attempt(SoakOrder order, StringBuilder detail) {
        try {
            if (producer == null) {
                connection = factory.createConnection(user, password);
                session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                producer = session.createProducer(session.createQueue(queue));
                producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            }
            producer.send(session.createTextMessage(order.json()));
            return Resender.Outcome.ACCEPTED;
        } catch (JMSException | RuntimeException e) {
            detail.append(e.getClass().getSimpleName());
            close();
            return Resender.Outcome.RETRY;
        }
    }

    @Override
    public synchronized void close() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (JMSException e) {
            // the broker is gone already
        }
        connection = null;
        session = null;
        producer = null;
    }
}
