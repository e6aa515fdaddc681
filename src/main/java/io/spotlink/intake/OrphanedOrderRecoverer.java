package io.spotlink.intake;

import io.spotlink.ledger.OrderLedger;
import io.spotlink.ledger.OrderRecord;
import io.spotlink.spot.SpotApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Finishes orders left SUBMITTING by an instance that died (killed, crashed, lost its host) between claiming
 * them and recording Spot's answer, with no sender involved (route order-recover). Each order is taken over with a
 * conditional update only one instance can win; the submitter then looks for it at Spot before creating it.
 * Stops at the first failure to reach Spot in a cycle: such an order is FAILED by then and order-retry resubmits it.
 */
public class OrphanedOrderRecoverer {

    private static final Logger LOG = LoggerFactory.getLogger(OrphanedOrderRecoverer.class);

    private final OrderLedger ledger;
    private final OrderSubmitter submitter;

    public OrphanedOrderRecoverer(OrderLedger ledger, OrderSubmitter submitter) {
        this.ledger = ledger;
        this.submitter = submitter;
    }

    /** Returns how many orders reached Spot (found there or created) in this cycle. */
    public int recoverOrphaned() {
        int recovered = 0;
        for (OrderRecord orphan : ledger.orphaned()) {
            Optional<OrderRecord> claimed = ledger.reclaimOrphaned(orphan);
            if (claimed.isEmpty()) {
                continue; // another instance took it first
            }
            LOG.info("Recovering order {}/{} left SUBMITTING by instance {}", orphan.sourceSystem(),
                    orphan.sourceOrderId(), orphan.claimedBy());
            try {
                OrderReceipt receipt = submitter.resume(claimed.get());
                LOG.info("Recovered order {}/{}: {} {}", orphan.sourceSystem(), orphan.sourceOrderId(),
                        receipt.outcome(), receipt.spotOrderId());
                recovered += receipt.accepted() ? 1 : 0;
            } catch (SpotApiException e) {
                LOG.warn("Recovery of orphaned orders paused: {}", e.getMessage());
                break;
            } catch (RuntimeException e) {
                // Kept as FAILED by the submitter; order-retry takes it from there. Go on with the others.
                LOG.warn("Recovery of order {}/{} failed: {}", orphan.sourceSystem(), orphan.sourceOrderId(),
                        e.getMessage());
            }
        }
        return recovered;
    }
}
