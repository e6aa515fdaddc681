package io.spotlink.intake;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/** Local test codes (as hospitals order them) to Spot kit types, from config/test-codes.properties. */
public final class TestCodeMap {

    private final Map<String, List<String>> kitTypesByCode;

    public TestCodeMap(Map<String, List<String>> kitTypesByCode) {
        Map<String, List<String>> normalised = new HashMap<>();
        kitTypesByCode.forEach((code, kits) -> normalised.put(key(code), List.copyOf(kits)));
        this.kitTypesByCode = Map.copyOf(normalised);
    }

    public static TestCodeMap load(Path file) {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the test code map " + file.toAbsolutePath(), e);
        }
        Map<String, List<String>> map = new HashMap<>();
        props.forEach((code, kits) -> map.put(code.toString(), Arrays.stream(kits.toString().split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList()));
        return new TestCodeMap(map);
    }

    /** The Spot kit types of a local code, or empty when the code is not mapped. */
    public Optional<List<String>> kitTypes(String localCode) {
        return localCode == null ? Optional.empty() : Optional.ofNullable(kitTypesByCode.get(key(localCode)));
    }

    /** Every Spot kit type some local code maps to. */
    public java.util.Set<String> allKitTypes() {
        java.util.Set<String> all = new java.util.TreeSet<>();
        kitTypesByCode.values().forEach(all::addAll);
        return all;
    }

    private static String key(String code) {
        return code.trim().toUpperCase(Locale.ROOT);
    }
}
