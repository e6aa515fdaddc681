package io.spotlink.delivery;

import ca.uhn.hl7v2.parser.Escape;
import ca.uhn.hl7v2.parser.EncodingCharacters;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads an HL7 ACK of any v2 version without a full parse: MSA-1, MSA-2, MSA-3 and the ERR texts
 * (ERR-8 in v2.5, ERR-1 in older versions), unescaped.
 */
public final class AckParser {

    /** Compiled once: String.split compiles any pattern but a single (escaped) character on every call. */
    private static final java.util.regex.Pattern SEGMENTS = java.util.regex.Pattern.compile("[\r\n]+");

    private AckParser() {
    }

    public static AckResult parse(String ack) {
        if (ack == null || !ack.startsWith("MSH") || ack.length() < 8) {
            throw new IllegalArgumentException("not an HL7 ACK");
        }
        char fieldSep = ack.charAt(3);
        EncodingCharacters encoding = new EncodingCharacters(fieldSep, ack.substring(4, 8));
        String code = null;
        String controlId = null;
        List<String> texts = new ArrayList<>();
        String fields = separator(fieldSep);
        for (String segment : SEGMENTS.split(ack)) {
            String[] f = segment.split(fields, -1);
            if (f[0].equals("MSA")) {
                code = field(f, 1);
                controlId = field(f, 2);
                addText(texts, field(f, 3), encoding);
            } else if (f[0].equals("ERR")) {
                addText(texts, errText(f, encoding), encoding);
            }
        }
        if (code == null) {
            throw new IllegalArgumentException("ACK without an MSA segment");
        }
        return new AckResult(code, controlId, String.join("; ", texts));
    }

    /** ERR-8 user message, else ERR-3's text (CWE-9 original text, else CWE-2), else ERR-1 (v2.3 and older). */
    private static String errText(String[] f, EncodingCharacters encoding) {
        if (!field(f, 8).isEmpty()) {
            return field(f, 8);
        }
        String[] code = field(f, 3).split(separator(encoding.getComponentSeparator()), -1);
        if (code.length > 8 && !code[8].isEmpty()) {
            return code[8];
        }
        if (code.length > 1 && !code[1].isEmpty()) {
            return code[1];
        }
        return field(f, 1);
    }

    private static void addText(List<String> texts, String raw, EncodingCharacters encoding) {
        if (!raw.isEmpty()) {
            String readable = raw.replace(encoding.getComponentSeparator(), ' ').trim();
            texts.add(Escape.unescape(readable, encoding));
        }
    }

    /**
     * The regex that splits on {@code c}: an escaped punctuation character, which String.split matches without
     * compiling a pattern (one ACK per ORU sent); quoted if it is a letter or digit, where a backslash would mean a class.
     */
    private static String separator(char c) {
        return Character.isLetterOrDigit(c) ? java.util.regex.Pattern.quote(String.valueOf(c)) : "\\" + c;
    }

    private static String field(String[] fields, int index) {
        return index < fields.length ? fields[index] : "";
    }
}
