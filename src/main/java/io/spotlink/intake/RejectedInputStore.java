package io.spotlink.intake;

import io.spotlink.spot.SpotJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Keeps every refused input where an operator finds it: the original bytes exactly as received and a
 * {@code .reason.json} beside them, under {@code <directory>/<channel>/}. The sender's answer and the log name the
 * file's reference, never its content. Files are readable by the bundle's user only: they hold PHI.
 */
public class RejectedInputStore {

    private static final Logger LOG = LoggerFactory.getLogger(RejectedInputStore.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmssSSS");

    private final Path directory;

    public RejectedInputStore(Path directory) {
        this.directory = directory;
    }

    /**
     * Saves one refused input.
     *
     * @param channel   http, mllp, ... (the subfolder)
     * @param original  the bytes as received
     * @param extension json, hl7, bin, ... (of the original's file)
     * @param reason    what the sender was told: outcome, message, errors
     * @return the reference of the saved pair (the file name without extension), or null when it could not be saved
     */
    public String save(String channel, byte[] original, String extension, Map<String, Object> reason) {
        return save(channel, null, original, extension, reason);
    }

    /**
     * Saves one refused input named after an id the sender gave it (an HL7 control id, say): the reference is
     * {@code <timestamp>-<id>}, the id cut to its [A-Za-z0-9._-] characters (32 at most), and a random suffix when
     * none are left or the name is taken. Otherwise as {@link #save(String, byte[], String, Map)}.
     */
    public synchronized String save(String channel, String id, byte[] original, String extension,
                                    Map<String, Object> reason) {
        String random = UUID.randomUUID().toString().substring(0, 8);
        String named = safeId(id);
        String reference = ZonedDateTime.now(ZoneOffset.UTC).format(STAMP) + "-" + (named.isEmpty() ? random : named);
        try {
            Path folder = Files.createDirectories(directory.resolve(safe(channel)));
            if (Files.exists(folder.resolve(reference + "." + safe(extension)))) {
                reference = reference + "-" + random;
            }
            Map<String, Object> described = new LinkedHashMap<>();
            described.put("reference", reference);
            described.put("channel", channel);
            described.put("received", ZonedDateTime.now(ZoneOffset.UTC).toString());
            described.put("bytes", original.length);
            described.putAll(reason);
            write(folder.resolve(reference + "." + safe(extension)), original);
            write(folder.resolve(reference + ".reason.json"),
                    SpotJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(described));
            return reference;
        } catch (IOException e) {
            LOG.error("Could not keep refused {} input {}: {}", channel, reference, e.getClass().getSimpleName());
            return null;
        }
    }

    private static void write(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the folder's ACL applies
        }
    }

    /** The [A-Za-z0-9._-] characters of an id from the input, without leading dots or dashes, 32 at most. */
    static String safeId(String id) {
        String kept = id == null ? "" : id.replaceAll("[^A-Za-z0-9._-]", "").replaceAll("^[._-]+", "");
        return kept.length() > 32 ? kept.substring(0, 32) : kept;
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
