package io.spotlink.intake.hl7;

import io.spotlink.intake.CanonicalOrder;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class OrmOrderParserTest {

    private final OrmOrderParser parser = new OrmOrderParser();

    @Test
    void aV23OrmWithTwoOrdersGivesOneCanonicalOrderPerPlacerNumber() {
        String orm = String.join("\r",
                "MSH|^~\\&|MEDITECH|STMARY|SPOTLINK|SPOT|20261122120000||ORM^O01|C-1|P|2.3",
                "PID|1||12345^^^STMARY^MR~999^^^SSA^SS||O'Brien^Siobhan^M||19920630|F|||45 Sparks St^^Ottawa^ON^K1P 5A8^CAN"
                        + "||(613)555-0123^PRN^PH~^NET^Internet^siobhan@example.org",
                "ORC|NW|A-1||||||||||111^Okafor^Chidi",
                "OBR|1|A-1||STI^STI panel^L",
                "OBR|2|A-1||VITD^Vitamin D^L",
                "ORC|NW|A-2",
                "OBR|1|A-2||LIPID^Lipids^L||||||||||||222^House^Greg") + "\r";
        OrmOrderParser.Parsed parsed = parser.parse(orm);
        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.orders()).extracting(CanonicalOrder::sourceOrderId).containsExactly("A-1", "A-2");
        CanonicalOrder first = parsed.orders().get(0);
        assertThat(first.sourceSystem()).isEqualTo("STMARY");
        assertThat(first.testCodes()).containsExactly("STI", "VITD");
        assertThat(first.patient().mrn()).isEqualTo("12345");
        assertThat(first.patient().birthDate()).isEqualTo("1992-06-30");
        assertThat(first.recipient().lastName()).isEqualTo("O'Brien");
        assertThat(first.recipient().phone()).isEqualTo("6135550123");
        assertThat(first.recipient().email()).isEqualTo("siobhan@example.org");
        assertThat(first.recipient().address().country()).isEqualTo("CA");
        assertThat(first.recipient().address().zip()).isEqualTo("K1P 5A8");
        assertThat(first.orderingProvider().familyName()).isEqualTo("Okafor");
        assertThat(parsed.orders().get(1).orderingProvider().familyName()).as("OBR-16 when ORC-12 is empty")
                .isEqualTo("House");
    }

    @Test
    void omlO21IsAcceptedToo() {
        String oml = String.join("\r",
                "MSH|^~\\&|EPIC|GEN|SPOTLINK|SPOT|20261122120000||OML^O21^OML_O21|C-2|P|2.5.1",
                "PID|1||M-9^^^GEN^MR||Nuñez^José||19791102|M|||900 Congress Ave^^Austin^TX^78701^USA||5125550147",
                "ORC|NW|B-1",
                "OBR|1|B-1||WELLNESS^Wellness^L") + "\r";
        OrmOrderParser.Parsed parsed = parser.parse(oml);
        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.orders()).singleElement().satisfies(o -> {
            assertThat(o.testCodes()).containsExactly("WELLNESS");
            assertThat(o.recipient().firstName()).isEqualTo("José");
            assertThat(o.recipient().phone()).isEqualTo("5125550147");
        });
    }

    @Test
    void cancelsAndMissingPlacerNumbersAreProblems() {
        String orm = String.join("\r",
                "MSH|^~\\&|EPIC|GEN|SPOTLINK|SPOT|20261122120000||ORM^O01|C-3|P|2.5.1",
                "PID|1||M-1^^^GEN^MR||Doe^Jane||19800101|Q",
                "ORC|CA|",
                "OBR|1|||LIPID") + "\r";
        OrmOrderParser.Parsed parsed = parser.parse(orm);
        assertThat(parsed.problems()).extracting(p -> p.segment() + "-" + p.field() + ":" + p.code())
                .contains("ORC-1:103", "ORC-2:101", "PID-8:103");
        assertThat(parsed.problems()).allSatisfy(p -> assertThat(p.text()).doesNotContain("Doe", "Jane"));
    }

    @Test
    void msh18NamesTheCharset() {
        byte[] latin1 = "MSH|^~\\&|A|B|C|D|20260101||ORM^O01|1|P|2.5.1||||||8859/1\rPID|1||1||Müller"
                .getBytes(StandardCharsets.ISO_8859_1);
        assertThat(Hl7Charsets.msh18(latin1)).isEqualTo("8859/1");
        assertThat(Hl7Charsets.of(latin1, StandardCharsets.UTF_8)).contains(StandardCharsets.ISO_8859_1);
        assertThat(Hl7Charsets.of("MSH|^~\\&|A".getBytes(StandardCharsets.US_ASCII), StandardCharsets.UTF_8))
                .contains(StandardCharsets.UTF_8);
    }
}
