package io.spotlink.oru;

import io.spotlink.spot.model.Result;
import io.spotlink.spot.model.ResultType;

import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Decides the OBX value type of a Spot result, per the guide's table. */
public final class ObxValueClassifier {

    /** What HL7's NM accepts: optional sign, digits, optional decimals (no exponent). */
    private static final Pattern NUMBER = Pattern.compile("([+-]?)(\\d+(?:\\.\\d*)?|\\.\\d+)");
    private static final Pattern COMPARATOR = Pattern.compile("(<=|>=|<>|<|>|=)\\s*([+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+))");

    private final CodeMappings mappings;

    public ObxValueClassifier(CodeMappings mappings) {
        this.mappings = mappings;
    }

    public ObxValue classify(Result result) {
        String raw = Text.trimToNull(result.result());
        if (raw == null) {
            return new ObxValue.Empty();
        }
        ResultType type = result.resultType();
        if (ResultType.REACTIVITY.equals(type)) {
            return mappings.reactivity(raw)
                    .<ObxValue>map(code -> new ObxValue.Reactivity(code, raw))
                    .orElseGet(() -> new ObxValue.Text(raw));
        }
        if (ResultType.GENOTYPE.equals(type)) {
            return new ObxValue.Genotype(raw);
        }
        // quantity, no type, and any type Spot adds later: the value itself says what it is
        return quantity(raw);
    }

    static ObxValue quantity(String raw) {
        Matcher n = NUMBER.matcher(raw);
        if (n.matches()) {
            return numeric(n.group(1), n.group(2));
        }
        Matcher c = COMPARATOR.matcher(raw);
        if (c.matches()) {
            Matcher num = NUMBER.matcher(c.group(2));
            num.matches();
            if ("=".equals(c.group(1))) {
                return numeric(num.group(1), num.group(2));
            }
            String text = nmText(num.group(1), num.group(2));
            return new ObxValue.Comparator(c.group(1), new BigDecimal(text), text);
        }
        return new ObxValue.Text(raw);
    }

    private static ObxValue numeric(String sign, String digits) {
        String text = nmText(sign, digits);
        return new ObxValue.Numeric(new BigDecimal(text), text);
    }

    /** NM text: no leading {@code +} (HL7 NM has none), {@code 5.} becomes {@code 5}, {@code .5} becomes {@code 0.5}. */
    private static String nmText(String sign, String digits) {
        String d = digits.endsWith(".") ? digits.substring(0, digits.length() - 1) : digits;
        d = d.startsWith(".") ? "0" + d : d;
        return "-".equals(sign) ? "-" + d : d;
    }
}
