package io.spotlink.oru;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CodeMappingsTest {

    private final CodeMappings mappings = OruFixtures.mappings();

    @Test
    void resultNamesMapToLoinc() {
        assertThat(mappings.observation("HDL Cholesterol").code()).isEqualTo("2085-9");
        assertThat(mappings.observation("Vitamin B12").code()).isEqualTo("2132-9");
        assertThat(mappings.observation("Chlamydia").code()).isEqualTo("43304-5");
        assertThat(mappings.observation("Gonorrhea").code()).isEqualTo("43305-2");
        assertThat(mappings.observation("Vitamin D").code()).isEqualTo("62292-8");
        assertThat(mappings.observation("hs-CRP").code()).isEqualTo("30522-7");
        assertThat(mappings.observation("HbA1c").code()).isEqualTo("4548-4");
        assertThat(mappings.observation("Glucose").system()).isEqualTo("LN");
    }

    @Test
    void lookupIgnoresCaseAndBlanks() {
        assertThat(mappings.observation(" hdl cholesterol ").code()).isEqualTo("2085-9");
        assertThat(mappings.panel("lipid-panel").code()).isEqualTo("24331-1");
    }

    @Test
    void unmappedNamesAndPanelsBecomeLocalCodes() {
        assertThat(mappings.observation("HDL Cholesterol (direct)"))
                .isEqualTo(new Coded("HDL Cholesterol (direct)", "HDL Cholesterol (direct)", "L"));
        assertThat(mappings.panel("PANEL-123")).isEqualTo(Coded.local("PANEL-123"));
        assertThat(mappings.specimenType("adx100")).isEqualTo(Coded.local("adx100"));
    }

    @Test
    void reactivityToSnomed() {
        assertThat(mappings.reactivity("positive")).contains(new Coded("10828004", "Positive", "SCT"));
        assertThat(mappings.reactivity("negative")).contains(new Coded("260385009", "Negative", "SCT"));
        assertThat(mappings.reactivity("equivocal")).isEmpty();
    }

    @Test
    void readsUtf8AndOptionalSpecimenFile(@TempDir Path dir) throws Exception {
        write(dir, CodeMappings.PANELS_FILE, "P1=1234-5^Panel one^LN\n");
        write(dir, CodeMappings.RESULTS_FILE, "Vitamin\\ B12=2132-9^B12^LN\n");
        write(dir, CodeMappings.REACTIVITY_FILE, "positive=10828004^Positive^SCT\n");
        write(dir, CodeMappings.UNITS_FILE, "\u00b5IU/mL=u[IU]/mL\n");
        CodeMappings m = CodeMappings.load(dir);
        assertThat(m.units().toCoded("\u00b5IU/mL").orElseThrow().code()).isEqualTo("u[IU]/mL");
        assertThat(m.panel("P1").text()).isEqualTo("Panel one");
        assertThat(m.specimenType("dbs")).isEqualTo(Coded.local("dbs"));
    }

    @Test
    void missingRequiredFileFailsAtLoad(@TempDir Path dir) {
        assertThatThrownBy(() -> CodeMappings.load(dir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(CodeMappings.PANELS_FILE);
    }

    @Test
    void codedNotation() {
        assertThat(Coded.parse("2085-9^HDL^LN")).isEqualTo(new Coded("2085-9", "HDL", "LN"));
        assertThat(Coded.parse("X1")).isEqualTo(new Coded("X1", "X1", "L"));
        assertThatThrownBy(() -> Coded.parse("^text^LN")).isInstanceOf(IllegalArgumentException.class);
    }

    private static void write(Path dir, String name, String content) throws Exception {
        Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }
}
