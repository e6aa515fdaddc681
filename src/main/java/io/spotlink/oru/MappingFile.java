package io.spotlink.oru;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;

/**
 * One {@code key=value} mapping file of {@code config/}, read as UTF-8 (units carry µ). Lookups try the exact key,
 * then the key ignoring case and surrounding blanks, so {@code hdl cholesterol} finds {@code HDL Cholesterol}; a
 * case-insensitive key shared by two entries is not guessed.
 */
final class MappingFile<V> {

    private final Map<String, V> exact;
    private final Map<String, V> folded;

    private MappingFile(Map<String, V> exact, Map<String, V> folded) {
        this.exact = exact;
        this.folded = folded;
    }

    static <V> MappingFile<V> load(Path file, Function<String, V> parser) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("mapping file missing: " + file);
        }
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read mapping file " + file, e);
        }
        Map<String, V> exact = new HashMap<>();
        Map<String, V> folded = new HashMap<>();
        Set<String> ambiguous = new HashSet<>();
        for (String key : props.stringPropertyNames()) {
            V value;
            try {
                value = parser.apply(props.getProperty(key));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("bad value for '" + key + "' in " + file + ": " + e.getMessage(), e);
            }
            exact.put(key.trim(), value);
            String f = fold(key);
            if (folded.containsKey(f) && !folded.get(f).equals(value)) {
                ambiguous.add(f);
            }
            folded.put(f, value);
        }
        ambiguous.forEach(folded::remove);
        return new MappingFile<>(Map.copyOf(exact), Map.copyOf(folded));
    }

    static <V> MappingFile<V> empty() {
        return new MappingFile<>(Collections.emptyMap(), Collections.emptyMap());
    }

    Optional<V> find(String key) {
        if (key == null) {
            return Optional.empty();
        }
        V v = exact.get(key.trim());
        return Optional.ofNullable(v != null ? v : folded.get(fold(key)));
    }

    private static String fold(String key) {
        return key.trim().toLowerCase(Locale.ROOT);
    }
}
