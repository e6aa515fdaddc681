package io.spotlink.intake.hl7;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/** Decodes raw HL7 bytes in the character set MSH-18 names (the MSH itself is ASCII, so it can be read first). */
public final class Hl7Charsets {

    private static final Map<String, Charset> BY_HL7_NAME = Map.of(
            "ASCII", StandardCharsets.US_ASCII,
            "8859/1", StandardCharsets.ISO_8859_1,
            "8859/15", Charset.forName("ISO-8859-15"),
            "UNICODE UTF-8", StandardCharsets.UTF_8,
            "UTF-8", StandardCharsets.UTF_8,
            "UNICODE", StandardCharsets.UTF_8);

    private Hl7Charsets() {
    }

    /** The charset of a message: MSH-18 when it names one we know, else {@code fallback}. */
    public static Charset of(byte[] raw, Charset fallback) {
        String msh18 = msh18(raw);
        return msh18 == null ? fallback : BY_HL7_NAME.getOrDefault(msh18.toUpperCase(Locale.ROOT), fallback);
    }

    /** MSH-18 as written, or null. */
    public static String msh18(byte[] raw) {
        int end = 0;
        while (end < raw.length && raw[end] != '\r' && raw[end] != '\n') {
            end++;
        }
        String msh = new String(raw, 0, end, StandardCharsets.US_ASCII);
        if (!msh.startsWith("MSH") || msh.length() < 4) {
            return null;
        }
        String[] fields = msh.split(java.util.regex.Pattern.quote(String.valueOf(msh.charAt(3))), -1);
        // fields[0] is "MSH" and fields[1] MSH-2, so MSH-18 sits at index 17
        if (fields.length <= 17 || fields[17].isBlank()) {
            return null;
        }
        String first = fields[17].split(java.util.regex.Pattern.quote(String.valueOf(msh.charAt(5))), -1)[0];
        return first.isBlank() ? null : first.trim();
    }
}
