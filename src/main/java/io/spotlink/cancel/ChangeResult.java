package io.spotlink.cancel;

import io.spotlink.intake.FieldError;

import java.util.List;

/**
 * The answer to one change request, which each channel maps to its protocol (HL7 ORC-1 XX or UX with one ERR per
 * refused field, AE; HTTP 200, 409, 400, 404).
 *
 * @param applied the fields changed (names only)
 * @param refused the fields Spot cannot change once it has the order (names only)
 * @param errors  why the changed order is not a valid order (REJECTED)
 */
public record ChangeResult(Outcome outcome, String sourceSystem, String sourceOrderId, String spotOrderId,
                           List<String> applied, List<String> refused, List<FieldError> errors) {

    public enum Outcome {
        /** Spot did not have the order yet: the changed order replaced it (and was sent, or is kept for retry). */
        REPLACED,
        /** Spot has the order and took every change (in its metadata); also when nothing changed. */
        APPLIED,
        /** Spot cannot take some fields: {@code refused} names them, an operator is alerted; the rest applied. */
        PARTIAL,
        /** The changed order is not valid: nothing changed. */
        REJECTED,
        /** No such order. */
        UNKNOWN,
        /** The order is being sent to Spot right now: ask again shortly. */
        IN_PROGRESS,
        /** The order was canceled at the hospital's request: nothing to change. */
        CANCELED
    }

    public String message() {
        return switch (outcome) {
            case REPLACED -> spotOrderId == null ? "changed: the order is kept and created at Spot once Spot can "
                    + "take it" : "changed before Spot had the order: created at Spot as " + spotOrderId;
            case APPLIED -> applied.isEmpty() ? "nothing to change" : "changed at Spot: " + String.join(", ", applied);
            case PARTIAL -> "Spot cannot change " + String.join(", ", refused) + " once it has the order"
                    + (applied.isEmpty() ? "" : " (changed: " + String.join(", ", applied) + ")")
                    + "; an operator is told";
            case REJECTED -> errors.size() + " problem(s) in the changed order: nothing changed";
            case UNKNOWN -> "order " + sourceSystem + "/" + sourceOrderId + " is not known: nothing to change";
            case IN_PROGRESS -> "the order is being sent to Spot right now; send the change again shortly";
            case CANCELED -> "the order was canceled: nothing to change";
        };
    }

    static ChangeResult of(Outcome outcome, String system, String sourceOrderId, String spotOrderId) {
        return new ChangeResult(outcome, system, sourceOrderId, spotOrderId, List.of(), List.of(), List.of());
    }
}
