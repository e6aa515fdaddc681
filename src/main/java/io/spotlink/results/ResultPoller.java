package io.spotlink.results;

import io.spotlink.ledger.OrderLedger;
import io.spotlink.ledger.OrderRecord;
import io.spotlink.spot.SpotApiException;
import io.spotlink.spot.SpotClient;
import io.spotlink.spot.model.Order;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Follows every open order at Spot: records kit and sample changes and queues each report not yet queued.
 * When Spot is unavailable (429 or 5xx beyond the client's retries) the cycle stops and the next one tries again.
 */
public class ResultPoller {

    private static final Logger LOG = LoggerFactory.getLogger(ResultPoller.class);

    /** What one cycle did. */
    public record PollSummary(int orders, int statusChanges, int queued, boolean interrupted) {
    }

    private final OrderLedger orders;
    private final SpotClient spot;
    private final KitTracker kits;
    private final ReportEnqueuer enqueuer;

    public ResultPoller(OrderLedger orders, SpotClient spot, KitTracker kits, ReportEnqueuer enqueuer) {
        this.orders = orders;
        this.spot = spot;
        this.kits = kits;
        this.enqueuer = enqueuer;
    }

    public synchronized PollSummary pollOnce() {
        int polled = 0;
        int changes = 0;
        int queued = 0;
        for (OrderRecord record : orders.openOrders()) {
            try {
                PollSummary one = refresh(record);
                polled++;
                changes += one.statusChanges();
                queued += one.queued();
            } catch (SpotApiException.NotFound e) {
                LOG.warn("Order {} not found at Spot; skipped this cycle", record.spotOrderId());
            } catch (SpotApiException.Unavailable | SpotApiException.Configuration e) {
                LOG.warn("Result poll stopped after {} order(s): {}", polled, e.getMessage());
                return new PollSummary(polled, changes, queued, true);
            }
        }
        if (polled > 0) {
            LOG.info("Result poll: {} order(s), {} status change(s), {} ORU(s) queued", polled, changes, queued);
        }
        return new PollSummary(polled, changes, queued, false);
    }

    /**
     * Fetches one of our orders now (a callback named it, see CallbackIdResolver). The callback's payload is never
     * trusted: only orders in our ledger are followed, one retrieve each.
     */
    public synchronized Optional<PollSummary> fetchNow(String spotOrderId) {
        Optional<OrderRecord> record = orders.findBySpotOrderId(spotOrderId);
        if (record.isEmpty()) {
            LOG.info("Callback named order {}, which is not an order of ours; ignored", spotOrderId);
            return Optional.empty();
        }
        return Optional.of(refresh(record.get()));
    }

    private PollSummary refresh(OrderRecord record) {
        Order order = spot.retrieveOrder(record.spotOrderId());
        int changes = kits.record(order);
        int queued = enqueuer.enqueue(record, order);
        orders.updateSpotStatus(order.orderId(), order.status() == null ? null : order.status().wire());
        return new PollSummary(1, changes, queued, false);
    }
}
