package io.spotlink.intake.hl7;

import java.util.regex.Pattern;

/**
 * The MSH fields of a message read by position, without parsing the rest: for answering and naming a message that
 * HAPI may not be able to parse. Index n is MSH-n (MSH-1 is the field separator itself); an empty array when the
 * first segment is not an MSH.
 * <p>
 * The intake reads camel-mllp's CamelMllp* headers first ({@link MshHeader}); this is the one hand splitter left,
 * for what those headers cannot give: an MSH ended by LF (camel-mllp ends it at CR only), a frame camel-mllp did not
 * read (over max-frame-bytes), and the reply's MSH fields that camel-mllp has no header for or that the reply
 * builder takes from the message text (MSH-5, MSH-6, MSH-9 of input HAPI cannot parse).
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
