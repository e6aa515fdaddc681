package io.spotlink.oru;

import java.util.Objects;

/**
 * A coded value as it goes into a CE/CWE: identifier, text, coding system ({@code LN}, {@code SCT}, {@code UCUM},
 * or {@code L} for a local code).
 */
public record Coded(String code, String text, String system) {

    public static final String LOCAL = "L";

    public Coded {
        Objects.requireNonNull(code, "code");
    }

    /** An unmapped name or code goes out as a local code rather than being dropped. */
    public static Coded local(String value) {
        return new Coded(value, value, LOCAL);
    }

    /** Parses the config notation {@code code^text^system}; a missing system means local. */
    public static Coded parse(String notation) {
        String[] parts = notation.trim().split("\\^", -1);
        String code = parts[0].trim();
        if (code.isEmpty()) {
            throw new IllegalArgumentException("empty code in mapping value '" + notation + "'");
        }
        String text = parts.length > 1 && !parts[1].isBlank() ? parts[1].trim() : code;
        String system = parts.length > 2 && !parts[2].isBlank() ? parts[2].trim() : LOCAL;
        return new Coded(code, text, system);
    }

    public boolean isLocal() {
        return LOCAL.equals(system);
    }
}
