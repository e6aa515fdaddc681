package io.spotlink.oru;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * OBX-8 interpretation (HL7 table 0078). A flag is only sent when it is certain: a wrong "normal" is worse than
 * none. Range limits are inclusive (a value equal to the minimum is normal).
 */
public enum AbnormalFlag {
    LOW("L"), HIGH("H"), NORMAL("N"), ABNORMAL("A");

    private static final Set<String> POSITIVE = Set.of("positive", "detected", "reactive");
    private static final Set<String> NEGATIVE = Set.of("negative", "not detected", "non-reactive", "nonreactive");

    private final String code;

    AbnormalFlag(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** The flag for a result value, given its reference range (either limit may be null). */
    public static Optional<AbnormalFlag> of(ObxValue value, BigDecimal min, BigDecimal max) {
        if (value instanceof ObxValue.Numeric n) {
            return forNumber(n.value(), min, max);
        }
        if (value instanceof ObxValue.Comparator c) {
            return forComparator(c.comparator(), c.number(), min, max);
        }
        if (value instanceof ObxValue.Reactivity r) {
            return forReactivity(r.value());
        }
        return Optional.empty();
    }

    /** NM: L below, H above, N inside; nothing without a range. */
    public static Optional<AbnormalFlag> forNumber(BigDecimal v, BigDecimal min, BigDecimal max) {
        if (min == null && max == null) {
            return Optional.empty();
        }
        if (min != null && v.compareTo(min) < 0) {
            return Optional.of(LOW);
        }
        if (max != null && v.compareTo(max) > 0) {
            return Optional.of(HIGH);
        }
        return Optional.of(NORMAL);
    }

    /**
     * SN: only when every value the comparator allows falls on the same side. {@code <10} with range 20-200 is L;
     * {@code <50} with 20-200 could be 15 or 30, so no flag. N is certain only when the open side has no limit,
     * e.g. {@code <0.3} with only a maximum of 3.
     */
    public static Optional<AbnormalFlag> forComparator(String comparator, BigDecimal n, BigDecimal min,
                                                       BigDecimal max) {
        switch (comparator) {
            case "<", "<=" -> {
                boolean strict = comparator.equals("<");
                // value < n (or <= n): surely below min when n <= min (n < min for <=)
                if (min != null && (strict ? n.compareTo(min) <= 0 : n.compareTo(min) < 0)) {
                    return Optional.of(LOW);
                }
                if (min == null && max != null && n.compareTo(max) <= 0) {
                    return Optional.of(NORMAL);
                }
            }
            case ">", ">=" -> {
                boolean strict = comparator.equals(">");
                if (max != null && (strict ? n.compareTo(max) >= 0 : n.compareTo(max) > 0)) {
                    return Optional.of(HIGH);
                }
                if (max == null && min != null && n.compareTo(min) >= 0) {
                    return Optional.of(NORMAL);
                }
            }
            default -> {
                // "<>" and anything else: no certainty
            }
        }
        return Optional.empty();
    }

    /** Reactivity: A for positive, N for negative, nothing for any other word. */
    public static Optional<AbnormalFlag> forReactivity(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        if (POSITIVE.contains(v)) {
            return Optional.of(ABNORMAL);
        }
        if (NEGATIVE.contains(v)) {
            return Optional.of(NORMAL);
        }
        return Optional.empty();
    }
}
