package io.spotlink.intake.files;

import com.fasterxml.jackson.databind.JsonNode;
import io.spotlink.intake.CanonicalOrder;
import io.spotlink.intake.CanonicalOrderReader;
import io.spotlink.intake.FieldError;
import io.spotlink.intake.InvalidOrderException;

import java.io.Reader;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Opens the orders of a dropped file as a stream of rows: JSON (one order or an array) or CSV (a header row; column
 * names mapped to canonical fields by config/csv-columns.properties). Each row is bound on its own, so one bad row
 * names its problems without hiding the others.
 */
public final class OrderFileParser {

    /** One row: its order (or the cancel it asks for: column or field action = cancel), or why it could not be read. */
    public record ParsedRow(int row, CanonicalOrder order, List<FieldError> errors,
                            io.spotlink.cancel.CancelAsk cancel) {

        public ParsedRow(int row, CanonicalOrder order, List<FieldError> errors) {
            this(row, order, errors, null);
        }
    }

    private final Map<String, String> csvColumns;

    /** @param csvColumns CSV header (case-insensitive) to canonical field path, e.g. {@code patient.mrn} */
    public OrderFileParser(Map<String, String> csvColumns) {
        this.csvColumns = csvColumns.entrySet().stream().collect(Collectors.toMap(
                e -> e.getKey().trim().toLowerCase(Locale.ROOT), e -> e.getValue().trim()));
    }

    /** @throws FileRefusedException when the file as a whole cannot be read as orders */
    public OrderRows open(String fileName, Reader text) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".csv")) {
            return new CsvOrderRows(text, csvColumns);
        }
        if (lower.endsWith(".json")) {
            return new JsonOrderRows(text);
        }
        throw new FileRefusedException("must be .json or .csv");
    }

    static ParsedRow bind(int row, JsonNode node) {
        try {
            var cancel = io.spotlink.cancel.CancelAsk.from(node, null);
            if (cancel.isPresent()) {
                return new ParsedRow(row, null, List.of(), cancel.get());
            }
            return new ParsedRow(row, CanonicalOrderReader.bind(node, ""), List.of());
        } catch (InvalidOrderException e) {
            return new ParsedRow(row, null, e.errors());
        }
    }
}
