package io.spotlink.intake.files;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spotlink.intake.FieldError;
import io.spotlink.intake.IntakeJson;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** CSV orders: a header row (names mapped to canonical fields), then one order per record, streamed. */
final class CsvOrderRows implements OrderRows {

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
            .setTrim(true).setIgnoreEmptyLines(true).setIgnoreSurroundingSpaces(true)
            .setDuplicateHeaderMode(DuplicateHeaderMode.DISALLOW).get();

    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final Map<String, String> columns;
    private final int headerSize;

    CsvOrderRows(Reader reader, Map<String, String> columns) {
        this.columns = columns;
        try {
            this.parser = FORMAT.parse(reader);
        } catch (IOException | UncheckedIOException e) {
            throw new FileRefusedException("is not valid CSV: the header row cannot be read");
        } catch (IllegalArgumentException e) {
            throw new FileRefusedException("is not valid CSV: the header row has an empty or repeated column name");
        }
        List<String> headers = parser.getHeaderNames();
        if (headers.isEmpty()) {
            throw new FileRefusedException("has no header row (and no orders)");
        }
        List<String> unknown = headers.stream().filter(h -> !columns.containsKey(h.toLowerCase(Locale.ROOT)))
                .toList();
        if (unknown.size() == headers.size()) {
            // Likely no header row at all: the first line is an order, so its values are never quoted back.
            throw new FileRefusedException("has no known column in its first line (unknown columns only): the first "
                    + "line must name the columns (see config/csv-columns.properties), separated by commas");
        }
        if (!unknown.isEmpty()) {
            throw new FileRefusedException(unknown.stream().map(h -> "unknown column '" + printable(h) + "'")
                    .collect(java.util.stream.Collectors.joining(", "))
                    + " in the header row (map it in config/csv-columns.properties)");
        }
        long fields = headers.stream().map(h -> columns.get(h.toLowerCase(Locale.ROOT))).distinct().count();
        if (fields < headers.size()) {
            throw new FileRefusedException("has a repeated column name in the header row (two columns for the same "
                    + "field, e.g. order_id and source_order_id)");
        }
        this.headerSize = headers.size();
        this.records = parser.iterator();
        if (!hasNext()) {
            throw new FileRefusedException("has a header row but no orders");
        }
    }

    @Override
    public boolean hasNext() {
        try {
            return records.hasNext();
        } catch (UncheckedIOException | IllegalStateException e) {
            throw new FileRefusedException("is not valid CSV near line " + parser.getCurrentLineNumber()
                    + ": a quoted value is not closed, or text follows a closing quote");
        }
    }

    @Override
    public OrderFileParser.ParsedRow next() {
        if (!hasNext()) {
            throw new java.util.NoSuchElementException();
        }
        CSVRecord record = records.next();
        int row = (int) record.getRecordNumber() + 1;
        if (record.size() != headerSize) {
            return new OrderFileParser.ParsedRow(row, null, List.of(new FieldError("row", "has " + record.size()
                    + " value(s) but the header row has " + headerSize + " column(s)")));
        }
        return OrderFileParser.bind(row, toJson(record));
    }

    /** A CSV record as the canonical JSON, so CSV and JSON orders are bound and checked the same way. */
    private ObjectNode toJson(CSVRecord record) {
        ObjectNode root = IntakeJson.mapper().createObjectNode();
        record.toMap().forEach((header, value) -> {
            if (value == null || value.isBlank()) {
                return;
            }
            String[] parts = columns.get(header.trim().toLowerCase(Locale.ROOT)).split("\\.");
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

    /** A column name fit to quote back: printable characters only, and short. */
    private static String printable(String header) {
        String clean = header.replaceAll("[^\\p{L}\\p{N} _.-]", "?");
        return clean.length() > 64 ? clean.substring(0, 64) + "..." : clean;
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
