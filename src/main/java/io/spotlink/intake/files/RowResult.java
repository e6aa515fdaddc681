package io.spotlink.intake.files;

import io.spotlink.intake.FieldError;

import java.util.List;

/** What became of one order of a file: its row (1-based: the CSV line, or the JSON array index + 1). */
public record RowResult(int row, String sourceOrderId, String outcome, String spotOrderId, List<FieldError> errors) {

    public boolean accepted() {
        return "created".equals(outcome) || "existing".equals(outcome);
    }
}
