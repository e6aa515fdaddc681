package io.spotlink.results.oru;

import java.math.BigDecimal;

/** OBX-7 text from Spot's range_minimum/range_maximum: {@code 20-200}, {@code >20} or {@code <200}. */
final class ReferenceRange {

    private ReferenceRange() {
    }

    static String format(BigDecimal min, BigDecimal max) {
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
}
