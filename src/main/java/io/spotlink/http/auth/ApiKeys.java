package io.spotlink.http.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The API keys the HTTP faces accept, known only by their SHA-256 hashes: a leaked configuration gives no key.
 * Each entry is {@code <name>:<role>[+<role>...]:<sha256 hex>}, entries separated by commas or new lines, lines
 * starting with # ignored (the same text in SPOTLINK_AUTH_KEYS or in the file spotlink.auth.keys-file).
 */
public final class ApiKeys {

    /** One accepted key: a name for the log (never the key), its roles and the hash of the key. */
    public record Entry(String name, Set<Role> roles, byte[] hash) {
    }

    private final List<Entry> entries;

    private ApiKeys(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    public static ApiKeys parse(String text) {
        List<Entry> entries = new ArrayList<>();
        for (String raw : text.split("[,\\n]")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split(":");
            if (parts.length != 3 || !parts[2].strip().matches("(?i)^[0-9a-f]{64}$")) {
                throw new IllegalArgumentException("an API key entry must be <name>:<role>[+<role>]:<sha256 hex>, "
                        + "not one with " + parts.length + " parts" + (parts.length > 0 ? " named '"
                        + parts[0].strip() + "'" : ""));
            }
            Set<Role> roles = EnumSet.noneOf(Role.class);
            for (String role : parts[1].split("\\+")) {
                roles.add(Role.of(role));
            }
            entries.add(new Entry(parts[0].strip(), roles, HexFormat.of().parseHex(parts[2].strip().toLowerCase())));
        }
        return new ApiKeys(entries);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /**
     * The entry of a presented key. Every entry is compared, each in constant time, so the answer's timing tells
     * nothing of which entry (or how much of one) matched.
     */
    public Optional<Entry> find(String presentedKey) {
        byte[] hash = sha256(presentedKey);
        Entry found = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.hash(), hash) && found == null) {
                found = entry;
            }
        }
        return Optional.ofNullable(found);
    }

    /** The hex SHA-256 of a key: what goes into the configuration (./spotlink hash-key prints it). */
    public static String hashOf(String key) {
        return HexFormat.of().formatHex(sha256(key));
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
