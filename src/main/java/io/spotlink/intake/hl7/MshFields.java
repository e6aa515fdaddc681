package io.spotlink.intake.hl7;

import java.util.regex.Pattern;

/**
 * The MSH fields of a message read by position, without parsing the rest: for answering and naming a message that
 * HAPI may not be able to parse. Index n is MSH-n (MSH-1 is the field separator itself); an empty array when the
 * first segment is not an MSH.
 */
final class MshFields {

    private MshFields() {
    }

    static String[] of(String message) {
        String msh = message == null ? "" : message.split("[\r\n]", 2)[0];
        if (!msh.startsWith("MSH") || msh.length() < 4) {
            return new String[0];
        }
        String[] parts = msh.split(Pattern.quote(String.valueOf(msh.charAt(3))), -1);
        String[] byPosition = new String[parts.length + 1];
        byPosition[1] = String.valueOf(msh.charAt(3));
        System.arraycopy(parts, 1, byPosition, 2, parts.length - 1);
        return byPosition;
    }

    /** MSH-n of the message, or null when it has no such field. */
    static String field(String message, int n) {
        String[] fields = of(message);
        return n < fields.length ? fields[n] : null;
    }
}
