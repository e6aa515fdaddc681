package io.spotlink.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.spotlink.intake.OrderReceipt;
import org.apache.camel.Exchange;

import java.util.Locale;

/**
 * Orders by channel and outcome (counter spotlink.orders.received, route order-submit): created, existing, rejected,
 * conflict, in_progress, or failed (Spot could not take it now; kept for order-retry). The channel is the exchange
 * property SpotlinkChannel its intake route sets (http, mllp, jms, file, retry, recover).
 */
public final class OrderMeters {

    public static final String CHANNEL = "SpotlinkChannel";
    private final MeterRegistry registry;

    public OrderMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    public void completed(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        if (body instanceof OrderReceipt receipt) {
            count(exchange, receipt.outcome().name().toLowerCase(Locale.ROOT));
        }
    }

    public void failed(Exchange exchange) {
        count(exchange, "failed");
    }

    private void count(Exchange exchange, String outcome) {
        if (registry == null) {
            return;
        }
        Counter.builder("spotlink.orders.received").description("Orders handed to order-submit, by channel and outcome")
                .tag("channel", exchange.getProperty(CHANNEL, "unknown", String.class)).tag("outcome", outcome)
                .register(registry).increment();
    }
}
