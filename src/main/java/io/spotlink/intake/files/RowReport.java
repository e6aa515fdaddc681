package io.spotlink.intake.files;

import com.fasterxml.jackson.core.JsonGenerator;
import io.spotlink.intake.FieldError;
import io.spotlink.spot.SpotJson;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ack or errors file, written row by row as the rows finish (never built in memory):
 * {@code {"file": ..., "orders": [...], "errors": [...] (file-level, only when there are), "summary": {...}}}.
 */
final class RowReport implements Closeable {

    private final Path path;
    private final JsonGenerator json;
    private int rows;

    RowReport(Path path, String fileName) throws IOException {
        this.path = path;
        this.json = SpotJson.mapper().getFactory().createGenerator(Files.newBufferedWriter(path,
                StandardCharsets.UTF_8));
        json.useDefaultPrettyPrinter();
        json.writeStartObject();
        json.writeStringField("file", fileName);
        json.writeArrayFieldStart("orders");
    }

    Path path() {
        return path;
    }

    int rows() {
        return rows;
    }

    void row(RowResult r) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("row", r.row());
        m.put("source_order_id", r.sourceOrderId());
        m.put("outcome", r.outcome());
        m.put("spot_order_id", r.spotOrderId());
        m.put("errors", r.errors().stream().map(FieldError::asMap).toList());
        json.writeObject(m);
        rows++;
    }

    void finish(List<FieldError> fileErrors, FileSummary summary) throws IOException {
        json.writeEndArray();
        if (!fileErrors.isEmpty()) {
            json.writeObjectField("errors", fileErrors.stream().map(FieldError::asMap).toList());
        }
        json.writeObjectField("summary", summary.asMap());
        json.writeEndObject();
        json.close();
    }

    @Override
    public void close() throws IOException {
        if (!json.isClosed()) {
            json.close();
        }
    }
}
