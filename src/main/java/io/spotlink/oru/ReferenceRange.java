package io.spotlink.oru;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * Spot's range_minimum/range_maximum, which arrive as text or numbers (the seed types the first as a string and the
 * second as a number). When every limit given is a number, OBX-7 is {@code 20-200}, {@code >20} or {@code <200} and
 * the limits decide the abnormal flag. When a limit is not a number, neither is used (a wrong flag is worse than
 * none): the range goes out as Spot's text in an NTE instead ({@link #note()}).
 */
record ReferenceRange(BigDecimal min, BigDecimal max, String note) {

    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d{1,3})?");
    /** Digits and scale beyond this are not a reference range: kept as text rather than expanded. */
    private static final int MAX_DIGITS = 40;

    static final ReferenceRange NONE = new ReferenceRange(null, null, null);

    static ReferenceRange of(String minText, String maxText) {
        String minT = Text.trimToNull(minText);
        String maxT = Text.trimToNull(maxText);
        BigDecimal min = number(minT);
        BigDecimal max = number(maxT);
        if ((minT != null && min == null) || (maxT != null && max == null)) {
            return new ReferenceRange(null, null, "Reference range as sent by the lab: "
                    + (minT == null ? "" : minT) + " - " + (maxT == null ? "" : maxT));
        }
        return new ReferenceRange(min, max, null);
    }

    /** Whether the range was given but could not be read as numbers. */
    boolean uninterpreted() {
        return note != null;
    }

    /** OBX-7, or null when there is no numeric range. */
    String obx7() {
        if (min != null && max != null) {
            return min.toPlainString() + "-" + max.toPlainString();
        }
        if (min != null) {
            return ">" + min.toPlainString();
        }
        if (max != null) {
            return "<" + max.toPlainString();
        }
        return null;
    }

    private static BigDecimal number(String text) {
        if (text == null || !NUMBER.matcher(text).matches()) {
            return null;
        }
        BigDecimal n = new BigDecimal(text);
        return n.precision() > MAX_DIGITS || Math.abs(n.scale()) > MAX_DIGITS ? null : n;
    }
}
