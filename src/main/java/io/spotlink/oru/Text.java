package io.spotlink.oru;

/** Null-safe text helpers shared by the segment mappers. */
final class Text {

    private Text() {
    }

    static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    static String trimToNull(String s) {
        return present(s) ? s.trim() : null;
    }

    static String firstPresent(String... values) {
        for (String v : values) {
            if (present(v)) {
                return v.trim();
            }
        }
        return null;
    }
}
