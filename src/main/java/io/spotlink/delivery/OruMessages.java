package io.spotlink.delivery;

import java.util.regex.Pattern;

/** Small edits to stored ER7 text that must leave everything else byte for byte as built. */
public final class OruMessages {

    private OruMessages() {
    }

    /** The message with MSH-10 replaced: every send, resends included, carries its own control id. */
    public static String withControlId(String er7, String controlId) {
        int end = er7.indexOf('\r');
        String msh = end < 0 ? er7 : er7.substring(0, end);
        String sep = String.valueOf(msh.charAt(3));
        String[] fields = msh.split(Pattern.quote(sep), -1);
        if (fields.length < 10) {
            throw new IllegalArgumentException("MSH has no MSH-10");
        }
        fields[9] = controlId; // fields[0] is "MSH", fields[1] MSH-2: MSH-n sits at index n - 1
        String newMsh = String.join(sep, fields);
        return end < 0 ? newMsh : newMsh + er7.substring(end);
    }

    /** MSH-10 of a message. */
    public static String controlId(String er7) {
        int end = er7.indexOf('\r');
        String msh = end < 0 ? er7 : er7.substring(0, end);
        String[] fields = msh.split(Pattern.quote(String.valueOf(msh.charAt(3))), -1);
        return fields.length > 9 ? fields[9] : null;
    }
}
