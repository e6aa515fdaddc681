package io.spotlink.intake;

import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;

/** How Java channel handlers hand an order to the shared order-submit route, with its exceptions unwrapped. */
public class OrderSubmitRoute {

    private final ProducerTemplate producer;

    public OrderSubmitRoute(ProducerTemplate producer) {
        this.producer = producer;
    }

    public OrderReceipt submit(CanonicalOrder order) {
        try {
            return producer.requestBody("direct:order-submit", order, OrderReceipt.class);
        } catch (CamelExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
