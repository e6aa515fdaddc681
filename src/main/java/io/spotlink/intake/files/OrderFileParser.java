package io.spotlink.intake.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spotlink.intake.CanonicalOrder;
import io.spotlink.intake.CanonicalOrderReader;
import io.spotlink.intake.FieldError;
import io.spotlink.intake.InvalidOrderException;
import io.spotlink.spot.SpotJson;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the orders of a dropped file: JSON (one order or an array) or CSV (a header row; column names mapped to
 * canonical fields by config/csv-columns.properties). Each row is parsed on its own, so one bad row names its
 * problems without hiding the others.
 */
public final class OrderFileParser {

    /** One row: its order, or why it could not be read. */
    public record ParsedRow(int row, CanonicalOrder order, List<FieldError> errors) {
    }

    private final Map<String, String> csvColumns;

    /** @param csvColumns CSV header (case-insensitive) to canonical field path, e.g. {@code patient.mrn} */
    public OrderFileParser(Map<String, String> csvColumns) {
        this.csvColumns = csvColumns.entrySet().stream().collect(java.util.stream.Collectors.toMap(
                e -> e.getKey().trim().toLowerCase(Locale.ROOT), e -> e.getValue().trim()));
    }

    public List<ParsedRow> parse(String fileName, String content) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".csv")) {
            return csv(content);
        }
        if (lower.endsWith(".json")) {
            return json(content);
        }
        return List.of(new ParsedRow(0, null, List.of(new FieldError("file", "must be .json or .csv"))));
    }

    private List<ParsedRow> json(String content) {
        JsonNode root;
        try {
            root = SpotJson.mapper().readTree(content);
        } catch (IOException e) {
            return List.of(new ParsedRow(0, null, List.of(new FieldError("file", "is not valid JSON"))));
        }
        List<ParsedRow> rows = new ArrayList<>();
        if (root != null && root.isArray()) {
            for (int i = 0; i < root.size(); i++) {
                rows.add(bind(i + 1, root.get(i)));
            }
        } else {
            rows.add(bind(1, root));
        }
        return rows;
    }

    private List<ParsedRow> csv(String content) {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
                .setIgnoreEmptyLines(true).setIgnoreSurroundingSpaces(true).get();
        List<ParsedRow> rows = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(new StringReader(content), format)) {
            List<String> unknown = parser.getHeaderNames().stream()
                    .filter(h -> !csvColumns.containsKey(h.toLowerCase(Locale.ROOT))).toList();
            if (!unknown.isEmpty()) {
                return List.of(new ParsedRow(1, null, unknown.stream().map(h -> new FieldError("header",
                        "unknown column '" + h + "' (map it in config/csv-columns.properties)")).toList()));
            }
            for (CSVRecord record : parser) {
                rows.add(bind((int) record.getRecordNumber() + 1, toJson(record)));
            }
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            rows.add(new ParsedRow(0, null, List.of(new FieldError("file", "is not valid CSV: "
                    + e.getClass().getSimpleName()))));
        }
        return rows;
    }

    /** A CSV record as the canonical JSON, so CSV and JSON orders are bound and checked the same way. */
    private ObjectNode toJson(CSVRecord record) {
        ObjectNode root = SpotJson.mapper().createObjectNode();
        record.toMap().forEach((header, value) -> {
            if (value == null || value.isBlank()) {
                return;
            }
            String path = csvColumns.get(header.trim().toLowerCase(Locale.ROOT));
            String[] parts = path.split("\\.");
            ObjectNode parent = root;
            for (int i = 0; i < parts.length - 1; i++) {
                parent = parent.has(parts[i]) ? (ObjectNode) parent.get(parts[i]) : parent.putObject(parts[i]);
            }
            String field = parts[parts.length - 1];
            if (field.equals("test_codes") || field.equals("kit_types")) {
                ArrayNode list = parent.putArray(field);
                for (String code : value.split("[;|]")) {
                    if (!code.isBlank()) {
                        list.add(code.trim());
                    }
                }
            } else {
                parent.put(field, value);
            }
        });
        return root;
    }

    private static ParsedRow bind(int row, JsonNode node) {
        if (node == null || !node.isObject()) {
            return new ParsedRow(row, null, List.of(new FieldError("order", "must be a JSON object")));
        }
        try {
            return new ParsedRow(row, CanonicalOrderReader.bind(node, ""), List.of());
        } catch (InvalidOrderException e) {
            return new ParsedRow(row, null, e.errors());
        }
    }
}
