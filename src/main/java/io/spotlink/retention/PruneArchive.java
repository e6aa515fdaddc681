package io.spotlink.retention;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spotlink.spot.SpotJson;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Where pruned records go first, when an archive folder is set: {@code <store>-<yyyy-MM-dd>.jsonl.gz}, one file per
 * store and day (UTC, on the pruner's clock), one JSON object per line. Each batch is appended as a gzip member of
 * its own, so the file stays one valid gzip stream ({@code zcat} reads it whole). The archive holds PHI: its files
 * are readable by the bundle's user only. A record is archived before it is removed; after a crash between the two,
 * it may be archived twice.
 */
public class PruneArchive {

    private static final ObjectMapper JSON = SpotJson.mapper();

    private final Path directory;
    private final Clock clock;

    /** @param directory the archive folder; null archives nothing */
    public PruneArchive(Path directory, Clock clock) {
        this.directory = directory;
        this.clock = clock;
    }

    public boolean enabled() {
        return directory != null;
    }

    /** The file a store's records pruned today go to. */
    public Path fileOf(String store) {
        return directory.resolve(store + "-" + LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC) + ".jsonl.gz");
    }

    /** Appends database rows (column name to value), each tagged with the kind of pruning. */
    public void rows(String store, String kind, List<Map<String, Object>> rows) throws IOException {
        if (!enabled() || rows.isEmpty()) {
            return;
        }
        try (JsonGenerator json = generator(open(store))) {
            for (Map<String, Object> row : rows) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("store", store);
                line.put("kind", kind);
                row.forEach((column, value) -> line.put(column.toLowerCase(java.util.Locale.ROOT), plain(value)));
                JSON.writeValue(json, line);
                json.writeRaw('\n');
            }
        }
    }

    /** Appends files: their path under {@code root}, time, size and bytes (Base64), streamed. */
    public void files(String store, String kind, Path root, List<Path> files) throws IOException {
        if (!enabled() || files.isEmpty()) {
            return;
        }
        try (JsonGenerator json = generator(open(store))) {
            for (Path file : files) {
                json.writeStartObject();
                json.writeStringField("store", store);
                json.writeStringField("kind", kind);
                json.writeStringField("path", root.relativize(file).toString());
                json.writeStringField("modified", Files.getLastModifiedTime(file).toInstant().toString());
                long size = Files.size(file);
                json.writeNumberField("bytes", size);
                json.writeFieldName("content_base64");
                try (InputStream in = Files.newInputStream(file)) {
                    json.writeBinary(in, (int) size);
                }
                json.writeEndObject();
                json.writeRaw('\n');
            }
        }
    }

    /** Appends one record built by the caller (a JMS message, say). */
    public void record(String store, String kind, Map<String, Object> record) throws IOException {
        rows(store, kind, List.of(record));
    }

    private OutputStream open(String store) throws IOException {
        Files.createDirectories(directory);
        Path file = fileOf(store);
        boolean created = !Files.exists(file);
        OutputStream raw = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        if (created) {
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the folder's ACL applies
            }
        }
        return new GZIPOutputStream(raw); // its close finishes the member: one complete member per batch
    }

    /** Closing the generator closes the gzip stream: the member is finished and the file closed. */
    private static JsonGenerator generator(OutputStream out) throws IOException {
        JsonGenerator json = JSON.getFactory().createGenerator(out);
        json.setRootValueSeparator(null); // one object per line, nothing between them but the new line
        return json;
    }

    private static Object plain(Object value) {
        if (value instanceof Timestamp t) {
            return t.toInstant().toString();
        }
        if (value instanceof java.time.temporal.TemporalAccessor || value instanceof java.sql.Clob) {
            return String.valueOf(value);
        }
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return value;
    }
}
