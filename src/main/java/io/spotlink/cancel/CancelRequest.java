package io.spotlink.cancel;

import java.time.Instant;

/**
 * A hospital's cancel request as the ledger keeps it (table order_cancel): the order's ledger id, its Spot id when
 * Spot had it, who asked, on which channel and when, and where it stands.
 */
public record CancelRequest(long orderId, String spotOrderId, String channel, String requestedBy, Instant requestedAt,
                            State state) {

    public enum State {
        /** Spot never had the order: it was canceled here and will never be created. */
        CANCELED,
        /** Spot has the order: an operator must cancel it at Spot (Spot has no cancel endpoint). */
        REQUESTED
    }
}
