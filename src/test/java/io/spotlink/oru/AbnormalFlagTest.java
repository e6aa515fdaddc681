package io.spotlink.oru;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class AbnormalFlagTest {

    @ParameterizedTest(name = "{0} with range [{1}, {2}] -> ''{3}''")
    @CsvSource(nullValues = "null", value = {
            "123,  20,   200,  N",
            "19.9, 20,   200,  L",
            "20,   20,   200,  N",   // limits are inclusive
            "200,  20,   200,  N",
            "200.1,20,   200,  H",
            "5,    null, 200,  N",
            "250,  null, 200,  H",
            "5,    20,   null, L",
            "500,  20,   null, N",
            "-3,   0,    10,   L",
            "123,  null, null, ''",  // no range, no flag
    })
    void numeric(String value, String min, String max, String expected) {
        assertThat(code(AbnormalFlag.forNumber(new BigDecimal(value), dec(min), dec(max)))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}{1} with range [{2}, {3}] -> ''{4}''")
    @CsvSource(nullValues = "null", value = {
            "<,  10,  20,   200,  L",   // every value below 10 is below 20
            "<,  20,  20,   200,  L",   // below 20 is below the inclusive minimum
            "<,  50,  20,   200,  ''",  // could be 15 or 30
            "<=, 20,  20,   200,  ''",  // 20 itself is normal
            "<=, 19,  20,   200,  L",
            "<,  0.3, null, 3.0,  N",   // no lower limit, surely under the maximum
            "<,  5,   null, 3.0,  ''",  // could be 4
            ">,  200, 20,   200,  H",
            ">,  150, 20,   200,  ''",
            ">=, 200, 20,   200,  ''",  // 200 itself is normal
            ">=, 201, 20,   200,  H",
            ">,  30,  20,   null, N",   // no upper limit, surely over the minimum
            ">,  10,  20,   null, ''",
            "<,  10,  null, null, ''",
            "<>, 10,  20,   200,  ''",
    })
    void comparator(String comparator, String number, String min, String max, String expected) {
        assertThat(code(AbnormalFlag.forComparator(comparator, new BigDecimal(number), dec(min), dec(max))))
                .isEqualTo(expected);
    }

    @Test
    void reactivity() {
        assertThat(code(AbnormalFlag.forReactivity("positive"))).isEqualTo("A");
        assertThat(code(AbnormalFlag.forReactivity("Positive "))).isEqualTo("A");
        assertThat(code(AbnormalFlag.forReactivity("detected"))).isEqualTo("A");
        assertThat(code(AbnormalFlag.forReactivity("negative"))).isEqualTo("N");
        assertThat(code(AbnormalFlag.forReactivity("not detected"))).isEqualTo("N");
        assertThat(code(AbnormalFlag.forReactivity("indeterminate"))).isEmpty();
        assertThat(code(AbnormalFlag.forReactivity(null))).isEmpty();
    }

    @Test
    void textAndGenotypeNeverFlagged() {
        BigDecimal min = BigDecimal.ONE;
        BigDecimal max = BigDecimal.TEN;
        assertThat(AbnormalFlag.of(new ObxValue.Text("QNS"), min, max)).isEmpty();
        assertThat(AbnormalFlag.of(new ObxValue.Genotype("TT"), min, max)).isEmpty();
        assertThat(AbnormalFlag.of(new ObxValue.Empty(), min, max)).isEmpty();
    }

    private static BigDecimal dec(String s) {
        return s == null ? null : new BigDecimal(s);
    }

    private static String code(Optional<AbnormalFlag> flag) {
        return flag.map(AbnormalFlag::code).orElse("");
    }
}
