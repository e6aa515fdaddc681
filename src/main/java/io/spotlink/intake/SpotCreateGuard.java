package io.spotlink.intake;

import io.spotlink.ledger.OrderRecord;
import io.spotlink.spot.model.CreateOrder;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Check-before-resend, the step of route spot-create-order that stands between a resend and a second kit: an order
 * claimed again (its earlier attempt FAILED, or it was left by a dead instance) may already exist at Spot when that
 * attempt's answer was lost, so it is looked for there first (exchange property {@link #FOUND} when it is).
 */
public class SpotCreateGuard {

    public static final String FOUND = "SpotlinkFoundAtSpot";

    private static final Logger LOG = LoggerFactory.getLogger(SpotCreateGuard.class);

    private final ExistingSpotOrderFinder finder;

    public SpotCreateGuard(ExistingSpotOrderFinder finder) {
        this.finder = finder;
    }

    public void findEarlier(Exchange exchange) {
        OrderRecord record = exchange.getProperty(OrderSubmitter.RECORD, OrderRecord.class);
        if (record == null || record.attempts() <= 1) {
            return; // a first attempt: nothing can be at Spot yet
        }
        CreateOrder request = exchange.getMessage().getBody(CreateOrder.class);
        finder.find(request.recipient().email(), record.sourceSystem(), record.sourceOrderId(), record.createdAt())
                .ifPresent(found -> {
                    LOG.info("Order {}/{} was already at Spot as {}: not created again", record.sourceSystem(),
                            record.sourceOrderId(), found.orderId());
                    exchange.setProperty(FOUND, found);
                });
    }

}
