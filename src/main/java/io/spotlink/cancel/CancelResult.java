package io.spotlink.cancel;

/**
 * The answer to one cancel request, which each channel maps to its protocol (HL7 ORC-1 CR or UC, AE; HTTP 200,
 * 202, 404, 409; a JMS reply; a file's ack row).
 *
 * @param repeat  the order had a cancel request already: nothing was changed, nobody alerted again
 * @param request the recorded request (null for UNKNOWN and IN_PROGRESS)
 */
public record CancelResult(Outcome outcome, String sourceSystem, String sourceOrderId, String spotOrderId,
                           boolean repeat, CancelRequest request) {

    public enum Outcome {
        /** Spot never had the order: canceled here, it will never be created (ORC-1 CR, HTTP 200). */
        CANCELED,
        /** Spot has the order: the cancel is recorded and an operator alerted to cancel it at Spot (UC, 202). */
        REQUESTED,
        /** No such order in the ledger (AE naming it, 404). */
        UNKNOWN,
        /** The order is being sent to Spot right now: ask again shortly (AR, 409 with Retry-After). */
        IN_PROGRESS
    }

    /** The words an answer carries: what happened and what comes next. */
    public String message() {
        return switch (outcome) {
            case CANCELED -> "canceled: the order was never created at Spot and will not be";
            case REQUESTED -> "Spot has order " + spotOrderId + " and offers no cancel: an operator cancels it at "
                    + "Spot; results that still arrive are sent, noting the cancel request";
            case UNKNOWN -> "order " + sourceSystem + "/" + sourceOrderId + " is not known: nothing to cancel";
            case IN_PROGRESS -> "the order is being sent to Spot right now; send the cancel again shortly";
        };
    }
}
