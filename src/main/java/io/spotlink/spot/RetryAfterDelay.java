package io.spotlink.spot;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Processor;

import java.time.Duration;

/**
 * The redelivery delay of a Spot call that Spot answered with Retry-After (routeConfiguration spot-retry,
 * onExceptionOccurred): the CamelRedeliveryDelay header, which Camel's redelivery uses instead of its back-off,
 * capped at spot.api.retry.max-delay so a bad header cannot stall us. Without the header the back-off applies.
 */
public class RetryAfterDelay implements Processor {

    private final Duration maxDelay;

    public RetryAfterDelay(Duration maxDelay) {
        this.maxDelay = maxDelay;
    }

    @Override
    public void process(Exchange exchange) {
        Throwable failure = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(ExchangePropertyKey.EXCEPTION_CAUGHT, Throwable.class);
        if (failure instanceof SpotApiException.Unavailable unavailable && unavailable.retryAfter() != null) {
            exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY,
                    Math.min(unavailable.retryAfter().toMillis(), maxDelay.toMillis()));
        } else {
            exchange.getIn().removeHeader(Exchange.REDELIVERY_DELAY);
        }
    }
}
