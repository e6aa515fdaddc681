package io.spotlink.oru;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Vendor units to UCUM for OBX-6. UCUM is case-sensitive and writes micro as {@code u}, whatever the vendor
 * wrote ({@code µ} U+00B5, {@code μ} U+03BC, or the pharmacy style {@code mc}).
 *
 * <p>A unit found in {@code config/ucum-units.properties} goes out as {@code ucum^vendor text^UCUM}. A unit not
 * listed there is not known to be UCUM, so it goes out as a local code ({@code ^L}), micro still normalised:
 * a receiver is never told a string is UCUM when nobody checked.
 */
public final class UcumUnits {

    public static final String UCUM = "UCUM";

    /** {@code mc} as a prefix at the start of a unit atom: mcg, mcmol, mcL, mcIU. */
    private static final Pattern MC_PREFIX = Pattern.compile("(^|[/.*(])mc(?=[A-Za-z\\[])");

    private final MappingFile<String> mapping;

    UcumUnits(MappingFile<String> mapping) {
        this.mapping = mapping;
    }

    /** OBX-6 for a vendor unit; empty when the vendor gave none. */
    public Optional<Coded> toCoded(String vendorUnit) {
        String unit = Text.trimToNull(vendorUnit);
        if (unit == null) {
            return Optional.empty();
        }
        String micro = normaliseMicro(unit);
        Optional<String> ucum = mapping.find(unit).or(() -> mapping.find(micro));
        return Optional.of(ucum
                .map(code -> new Coded(normaliseMicro(code), unit, UCUM))
                .orElseGet(() -> new Coded(micro, unit, Coded.LOCAL)));
    }

    /** Writes every spelling of micro as UCUM's {@code u}. */
    public static String normaliseMicro(String unit) {
        String s = unit.replace('\u00B5', 'u').replace('\u03BC', 'u');
        return MC_PREFIX.matcher(s).replaceAll("$1u");
    }
}
