package io.spotlink.oru;

import ca.uhn.hl7v2.model.v251.message.ORU_R01;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Builds each case of {@code src/test/resources/oru/cases/} and compares it with {@code oru/<case>.hl7} (one segment
 * per line). Any difference fails. To accept a deliberate change, regenerate and review the diff:
 * {@code mvn -o -q test -Dtest='io.spotlink.oru.**' -Dgolden.update=true}.
 */
class OruGoldenFileTest {

    private static final Path GOLDEN_DIR = Path.of("src/test/resources/oru");
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"seed_resulted", "partial_report", "amendment_original", "amendment", "special_characters",
            "minimal_fields", "pdf_embedded", "units_and_local_codes"})
    void matchesGoldenFileAndPassesValidation(String caseName) throws Exception {
        String actual = OruFixtures.buildEncoded(caseName);
        Path golden = GOLDEN_DIR.resolve(caseName + ".hl7");

        if (UPDATE) {
            Files.writeString(golden, toLines(actual), StandardCharsets.UTF_8);
        }
        assertThat(toLines(actual)).as("golden file %s", golden).isEqualTo(read(golden));

        ORU_R01 parsed = new OruValidator().validate(actual);
        // what a receiver parses and re-encodes is byte for byte what was sent: nothing lost to escaping
        assertThat(OruFixtures.builder().encode(parsed)).isEqualTo(actual);
    }

    /** ER7 uses \r between segments; the golden files hold one segment per line. */
    static String toLines(String er7) {
        String lines = er7.replace("\r\n", "\n").replace('\r', '\n');
        return lines.endsWith("\n") ? lines : lines + "\n";
    }

    private static String read(Path golden) throws IOException {
        if (!Files.exists(golden)) {
            return "<missing golden file: run with -Dgolden.update=true and review it>";
        }
        return toLines(Files.readString(golden, StandardCharsets.UTF_8));
    }
}
