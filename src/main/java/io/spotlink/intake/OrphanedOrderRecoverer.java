package io.spotlink.intake;

import io.spotlink.ledger.OrderLedger;
import io.spotlink.ledger.OrderRecord;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The ledger side of route order-recover: orders left SUBMITTING by an instance that died (killed, crashed, lost its
 * host) between claiming them and recording Spot's answer, and taking one over with a conditional update that only
 * one instance can win. The route then finishes it through order-submit, which looks for it at Spot first.
 */
public class OrphanedOrderRecoverer {

    private static final Logger LOG = LoggerFactory.getLogger(OrphanedOrderRecoverer.class);

    private final OrderLedger ledger;

    public OrphanedOrderRecoverer(OrderLedger ledger) {
        this.ledger = ledger;
    }

    public List<OrderRecord> orphaned() {
        return ledger.orphaned();
    }

    /** Sets exchange property SpotlinkRecord when this instance won the order; another instance may have first. */
    public void takeOver(Exchange exchange) {
        OrderRecord orphan = exchange.getMessage().getBody(OrderRecord.class);
        ledger.reclaimOrphaned(orphan).ifPresent(claimed -> {
            LOG.info("Recovering order {}/{} left SUBMITTING by instance {}", orphan.sourceSystem(),
                    orphan.sourceOrderId(), orphan.claimedBy());
            exchange.setProperty(OrderSubmitter.RECORD, claimed);
        });
    }
}
