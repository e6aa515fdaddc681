package io.spotlink.oru;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OruValidatorTest {

    private final OruValidator validator = new OruValidator();
    private final String good = OruFixtures.buildEncoded("seed_resulted");

    @Test
    void acceptsABuiltMessage() throws Exception {
        assertThat(validator.validate(good).getMSH().getMessageControlID().getValue()).isEqualTo("SPOTLINK-0001");
    }

    @Test
    void rejectsABadTimestamp() {
        String bad = good.replace("|20231110120000+0000|", "|2023-11-10 12:00|");
        assertThatThrownBy(() -> validator.validate(bad)).isInstanceOf(OruValidationException.class);
    }

    @Test
    void rejectsANonNumericNm() {
        String bad = good.replace("|NM|2085-9^Cholesterol in HDL [Mass/volume] in Serum or Plasma^LN||123|",
                "|NM|2085-9^Cholesterol in HDL [Mass/volume] in Serum or Plasma^LN||12x3|");
        assertThat(bad).isNotEqualTo(good);
        assertThatThrownBy(() -> validator.validate(bad)).isInstanceOf(OruValidationException.class);
    }

    @Test
    void rejectsAMissingResultStatus() {
        String bad = good.replace("|||F\rOBX|1|", "|||\rOBX|1|");
        assertThat(bad).isNotEqualTo(good);
        assertThatThrownBy(() -> validator.validate(bad))
                .isInstanceOf(OruValidationException.class)
                .hasMessageContaining("OBR-25");
    }

    @Test
    void rejectsAnotherMessageType() {
        String adt = "MSH|^~\\&|A|B|C|D|20231110120000+0000||ADT^A01^ADT_A01|1|P|2.5.1\rPID|1||X^^^Y^MR\r";
        assertThatThrownBy(() -> validator.validate(adt)).isInstanceOf(OruValidationException.class);
    }
}
