package io.spotlink.intake;

import java.util.List;

/**
 * What order-submit answers every intake channel, which maps it to its own protocol (HTTP status, JMS reply,
 * SFTP result file, HL7 ACK).
 */
public record OrderReceipt(Outcome outcome, String sourceSystem, String sourceOrderId, String spotOrderId,
                           List<FieldError> errors, String message) {

    public enum Outcome {
        /** A new Spot order was created. */
        CREATED,
        /** The same order was received before; the existing Spot order is returned, nothing new was created. */
        EXISTING,
        /** The order has problems (ours or Spot's 400); nothing was created. */
        REJECTED,
        /** The same source order id arrived earlier with different content and is already at Spot. */
        CONFLICT,
        /** Another copy of this order is being submitted right now and did not finish in time. */
        IN_PROGRESS,
        /** The hospital canceled this order before Spot had it (io.spotlink.cancel): it is never created. */
        CANCELED
    }

    public static OrderReceipt rejected(String sourceSystem, String sourceOrderId, List<FieldError> errors) {
        return new OrderReceipt(Outcome.REJECTED, sourceSystem, sourceOrderId, null, List.copyOf(errors),
                errors.size() + " problem(s) in the order");
    }

    public boolean accepted() {
        return outcome == Outcome.CREATED || outcome == Outcome.EXISTING;
    }
}
