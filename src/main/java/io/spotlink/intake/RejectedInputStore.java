package io.spotlink.intake;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Keeps every input a channel refused where an operator finds it: {@code <root>/<channel>/<timestamp>-<id>.<ext>}
 * holds the original bytes exactly as received, and {@code <timestamp>-<id>.reason.json} beside it says why. File
 * names are built only from [A-Za-z0-9._-]: an id from the input keeps those characters alone (a UUID when none
 * are left), so no input can choose where a file goes.
 */
public final class RejectedInputStore {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,31}");
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path root;
    private final Clock clock;

    public RejectedInputStore(Path root, Clock clock) {
        this.root = root;
        this.clock = clock;
    }

    public Path root() {
        return root;
    }

    /** Keeps {@code original} under {@code channel} with a random id; returns the path of the kept original. */
    public Path save(String channel, byte[] original, String extension, Map<String, ?> reason) throws IOException {
        return save(channel, null, original, extension, reason);
    }

    /**
     * Keeps {@code original} under {@code channel}, named after {@code id} (a control id, an order id: only its
     * [A-Za-z0-9._-] characters are used), with {@code reason} as JSON beside it. Returns the path of the original.
     */
    public synchronized Path save(String channel, String id, byte[] original, String extension, Map<String, ?> reason)
            throws IOException {
        requireName(channel, "channel");
        requireName(extension, "extension");
        Path folder = Files.createDirectories(root.resolve(channel));
        String base = STAMP.format(clock.instant()) + "-" + safeId(id);
        Path kept = folder.resolve(base + "." + extension);
        try {
            Files.write(kept, original, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            base = base + "-" + UUID.randomUUID();
            kept = folder.resolve(base + "." + extension);
            Files.write(kept, original, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("channel", channel);
        json.put("received_at", clock.instant().toString());
        json.put("file", kept.getFileName().toString());
        json.put("bytes", original.length);
        json.putAll(reason);
        Path temp = folder.resolve(base + ".reason.json.tmp");
        JSON.writeValue(temp.toFile(), json);
        Files.move(temp, folder.resolve(base + ".reason.json"), StandardCopyOption.ATOMIC_MOVE);
        return kept;
    }

    static String safeId(String id) {
        String kept = id == null ? "" : UNSAFE.matcher(id).replaceAll("");
        kept = kept.replaceAll("^[._-]+", "");
        if (kept.length() > 32) {
            kept = kept.substring(0, 32);
        }
        return kept.isEmpty() ? UUID.randomUUID().toString() : kept;
    }

    private static void requireName(String value, String what) {
        if (value == null || !NAME.matcher(value).matches() || value.contains("..")) {
            throw new IllegalArgumentException(what + " must be 1-32 characters of [A-Za-z0-9._-]");
        }
    }
}
