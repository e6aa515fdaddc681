package io.spotlink.oru;

import io.spotlink.spot.model.Result;
import io.spotlink.spot.model.ResultType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ObxValueClassifierTest {

    private final ObxValueClassifier classifier = new ObxValueClassifier(OruFixtures.mappings());

    @ParameterizedTest(name = "quantity ''{0}'' -> {1} ''{2}''")
    @CsvSource({
            "123,     NM, 123",
            "12.50,   NM, 12.50",    // trailing zero kept: it is significant
            "+5,      NM, 5",        // NM has no plus sign
            "-0.4,    NM, -0.4",
            "5.,      NM, 5",
            ".5,      NM, 0.5",
            "' 42 ',  NM, 42",
            "=7,      NM, 7",
            "<10,     SN, <^10",
            "> 200,   SN, >^200",
            "<=5,     SN, <=^5",
            ">=0.1,   SN, >=^0.1",
            "QNS,     ST, QNS",
            "1e3,     ST, 1e3",
            "10-20,   ST, 10-20",
            "see comment, ST, see comment",
    })
    void quantity(String raw, String type, String rendered) {
        ObxValue v = classifier.classify(result(ResultType.QUANTITY, raw));
        assertThat(v.valueType()).isEqualTo(type);
        assertThat(render(v)).isEqualTo(rendered);
    }

    @Test
    void reactivityMapsToSnomedCwe() {
        ObxValue pos = classifier.classify(result(ResultType.REACTIVITY, "positive"));
        assertThat(pos.valueType()).isEqualTo("CWE");
        assertThat(((ObxValue.Reactivity) pos).code()).isEqualTo(new Coded("10828004", "Positive", "SCT"));
        ObxValue neg = classifier.classify(result(ResultType.REACTIVITY, "Negative"));
        assertThat(((ObxValue.Reactivity) neg).code()).isEqualTo(new Coded("260385009", "Negative", "SCT"));
    }

    @Test
    void reactivityOutsideTheTableIsText() {
        ObxValue v = classifier.classify(result(ResultType.REACTIVITY, "indeterminate"));
        assertThat(v).isEqualTo(new ObxValue.Text("indeterminate"));
    }

    @Test
    void genotypeIsSt() {
        ObxValue v = classifier.classify(result(ResultType.GENOTYPE, "AG"));
        assertThat(v).isEqualTo(new ObxValue.Genotype("AG"));
        assertThat(v.valueType()).isEqualTo("ST");
    }

    @Test
    void unknownResultTypeIsClassifiedByItsValue() {
        assertThat(classifier.classify(result(ResultType.of("microbiome"), "15")).valueType()).isEqualTo("NM");
        assertThat(classifier.classify(result(null, "<3")).valueType()).isEqualTo("SN");
    }

    @Test
    void missingValueIsEmpty() {
        assertThat(classifier.classify(result(ResultType.QUANTITY, null))).isEqualTo(new ObxValue.Empty());
        assertThat(classifier.classify(result(ResultType.REACTIVITY, " "))).isEqualTo(new ObxValue.Empty());
        assertThat(new ObxValue.Empty().valueType()).isNull();
    }

    private static Result result(ResultType type, String value) {
        return new Result(type, "X", null, value, null, null, null, null);
    }

    private static String render(ObxValue v) {
        if (v instanceof ObxValue.Numeric n) {
            return n.text();
        }
        if (v instanceof ObxValue.Comparator c) {
            return c.comparator() + "^" + c.numberText();
        }
        return ((ObxValue.Text) v).text();
    }
}
