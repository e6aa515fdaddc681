package io.spotlink.cancel;

import io.spotlink.intake.CanonicalOrder;

/**
 * Cancel and change requests as the JMS, file and MLLP channels hand them over: an order named by source system
 * (the configured default when absent) and source order id.
 */
public class ChannelRequests {

    private final OrderCancels cancels;
    private final OrderChanges changes;
    private final String defaultSourceSystem;

    public ChannelRequests(OrderCancels cancels, OrderChanges changes, String defaultSourceSystem) {
        this.cancels = cancels;
        this.changes = changes;
        this.defaultSourceSystem = defaultSourceSystem;
    }

    public CancelResult cancel(CancelAsk ask, String channel, String defaultRequester) {
        return cancel(ask.sourceSystem(), ask.sourceOrderId(), channel,
                ask.requestedBy() != null ? ask.requestedBy() : defaultRequester);
    }

    public CancelResult cancel(String sourceSystem, String sourceOrderId, String channel, String requestedBy) {
        return cancels.cancel(systemOf(sourceSystem), sourceOrderId, channel, requestedBy);
    }

    /** Whether the ledger has this order (a cancel or change of an unknown order is refused before anything else). */
    public boolean known(String sourceSystem, String sourceOrderId) {
        return changes.stored(systemOf(sourceSystem), sourceOrderId).isPresent();
    }

    public ChangeResult change(CanonicalOrder changed, String channel, String requestedBy) {
        return changes.change(changed, systemOf(changed.sourceSystem()), channel, requestedBy);
    }

    private String systemOf(String sourceSystem) {
        return sourceSystem == null || sourceSystem.isBlank() ? defaultSourceSystem : sourceSystem.strip();
    }
}
