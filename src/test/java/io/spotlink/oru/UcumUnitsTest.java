package io.spotlink.oru;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class UcumUnitsTest {

    private final UcumUnits units = OruFixtures.mappings().units();

    @ParameterizedTest(name = "''{0}'' -> {1}^{2}")
    @CsvSource({
            "mg/dL,          mg/dL,      UCUM",
            "mg/dl,          mg/dL,      UCUM",
            "MG/DL,          mg/dL,      UCUM",
            "\u00b5mol/L,    umol/L,     UCUM",   // micro sign
            "\u03bcmol/L,    umol/L,     UCUM",   // Greek mu
            "mcg/dL,         ug/dL,      UCUM",
            "\u00b5g/dL,     ug/dL,      UCUM",
            "ng/mcL,         ng/uL,      L",      // not in the table: local, micro still u
            "\u00b5kat/L,    ukat/L,     L",
            "uIU/mL,         u[IU]/mL,   UCUM",
            "mIU/L,          m[IU]/L,    UCUM",
            "%,              %,          UCUM",
    })
    void vendorUnitToCode(String vendor, String code, String system) {
        Coded coded = units.toCoded(vendor).orElseThrow();
        assertThat(coded.code()).isEqualTo(code);
        assertThat(coded.system()).isEqualTo(system);
        assertThat(coded.text()).isEqualTo(vendor.trim());
        assertThat(coded.code()).doesNotContain("\u00b5", "\u03bc");
    }

    @Test
    void noUnitNoCode() {
        assertThat(units.toCoded(null)).isEmpty();
        assertThat(units.toCoded("  ")).isEmpty();
    }

    @Test
    void mcOnlyAsAPrefixOfAUnitAtom() {
        assertThat(UcumUnits.normaliseMicro("mcg/mcL")).isEqualTo("ug/uL");
        assertThat(UcumUnits.normaliseMicro("10*3/mcL")).isEqualTo("10*3/uL");
        assertThat(UcumUnits.normaliseMicro("mmol/L")).isEqualTo("mmol/L");
    }
}
