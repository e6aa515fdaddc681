package io.spotlink.intake;

/**
 * What a text value from a hospital may hold. Control characters (a NUL, an ESC, a line break in a name) and bidi
 * overrides (which make "moc.evil" print as "live.com") are refused outright; so is a value made only of
 * invisible characters, which prints as nothing. Each rule answers with a message, never with the value.
 */
public final class TextRules {

    private TextRules() {
    }

    /** Why the value is not acceptable text, or null when it is. */
    public static String problem(String value, int maxLength) {
        if (value.length() > maxLength) {
            return "must be at most " + maxLength + " characters (has " + value.length() + ")";
        }
        boolean visible = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                return "must not contain control characters (position " + (i + 1) + ")";
            }
            if (isBidiControl(c)) {
                return "must not contain bidirectional override characters (position " + (i + 1) + ")";
            }
            if (Character.isSurrogate(c) && !validPair(value, i)) {
                return "is not valid Unicode text (position " + (i + 1) + ")";
            }
            if (Character.isHighSurrogate(c)) {
                i++;
                visible = true;
                continue;
            }
            if (!isInvisible(c)) {
                visible = true;
            }
        }
        return visible ? null : "must not be blank or only invisible characters";
    }

    private static boolean isBidiControl(char c) {
        return (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069') || c == '\u200E'
                || c == '\u200F' || c == '\u061C';
    }

    private static boolean isInvisible(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || (c >= '\u200B' && c <= '\u200D')
                || c == '\u2060' || c == '\uFEFF' || c == '\u00AD' || c == '\u180E' || c == '\u3164'
                || c == '\u115F' || c == '\u1160' || c == '\uFFA0';
    }

    private static boolean validPair(String value, int i) {
        return Character.isHighSurrogate(value.charAt(i)) && i + 1 < value.length()
                && Character.isLowSurrogate(value.charAt(i + 1));
    }
}
