package io.spotlink.intake.files;

import io.spotlink.intake.FieldError;

import java.util.List;

/**
 * What became of one order of a file: its row (1-based: the CSV line, or the JSON array index + 1). A row not
 * accepted always says why: with no field errors of its own, it carries one naming its outcome.
 */
public record RowResult(int row, String sourceOrderId, String outcome, String spotOrderId, List<FieldError> errors) {

    public RowResult {
        errors = List.copyOf(errors);
        if (errors.isEmpty() && !accepted(outcome)) {
            errors = List.of(new FieldError("order", "was not accepted (" + outcome + ")"));
        }
    }

    public boolean accepted() {
        return accepted(outcome);
    }

    public boolean existing() {
        return "existing".equals(outcome);
    }

    /** A cancel request the ledger recorded (canceled here, or requested at Spot). */
    public boolean cancel() {
        return "canceled".equals(outcome) || "cancel_requested".equals(outcome);
    }

    private static boolean accepted(String outcome) {
        return "created".equals(outcome) || "existing".equals(outcome) || "canceled".equals(outcome)
                || "cancel_requested".equals(outcome);
    }
}
