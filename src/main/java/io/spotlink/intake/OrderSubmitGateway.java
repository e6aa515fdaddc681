package io.spotlink.intake;

import io.spotlink.ops.OrderMeters;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ProducerTemplate;

/**
 * The gateway (a ProducerTemplate, not a route) through which the Java channel handlers hand an order to the shared
 * order-submit route, with its exceptions unwrapped so each channel answers its own way (ACK, DLQ, errors file).
 */
public class OrderSubmitGateway {

    private final ProducerTemplate producer;
    private final String channel;

    /** @param channel the intake channel's name in the order meters (mllp, jms, file) */
    public OrderSubmitGateway(ProducerTemplate producer, String channel) {
        this.producer = producer;
        this.channel = channel;
    }

    public OrderReceipt submit(CanonicalOrder order) {
        Exchange done = producer.send("direct:order-submit", exchange -> {
            exchange.setPattern(ExchangePattern.InOut);
            exchange.setProperty(OrderMeters.CHANNEL, channel);
            exchange.getIn().setBody(order);
        });
        Exception failure = done.getException();
        if (failure instanceof CamelExecutionException wrapped && wrapped.getCause() instanceof RuntimeException cause) {
            throw cause;
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure != null) {
            throw new CamelExecutionException("order-submit failed", done, failure);
        }
        return done.getMessage().getBody(OrderReceipt.class);
    }
}
