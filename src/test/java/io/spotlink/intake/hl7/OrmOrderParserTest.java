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
    void unknownOrderControlsAndMissingPlacerNumbersAreProblems() {
        String orm = String.join("\r",
                "MSH|^~\\&|EPIC|GEN|SPOTLINK|SPOT|20261122120000||ORM^O01|C-3|P|2.5.1",
                "PID|1||M-1^^^GEN^MR||Doe^Jane||19800101|Q",
                "ORC|ZZ|",
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
        assertThat(MshHeader.read(latin1).charsetName()).isEqualTo("8859/1");
        assertThat(Hl7Charsets.of("8859/1", StandardCharsets.UTF_8)).contains(StandardCharsets.ISO_8859_1);
        assertThat(Hl7Charsets.of(MshHeader.read("MSH|^~\\&|A".getBytes(StandardCharsets.US_ASCII)).charsetName(),
                StandardCharsets.UTF_8)).contains(StandardCharsets.UTF_8);
        assertThat(Hl7Charsets.of("EBCDIC", StandardCharsets.UTF_8)).isEmpty();
    }

    private static String location(Hl7Problem p) {
        return p.segment() + "^" + p.sequence() + "-" + p.field() + ":" + p.code();
    }

    @Test
    void problemsNameTheRepetitionOfTheirSegment() {
        String orm = String.join("\r",
                "MSH|^~\\&|EPIC|GEN|SPOTLINK|SPOT|20261122120000||ORM^O01|C-4|P|2.5.1",
                "PID|1||M-1^^^GEN^MR||Doe^Jane||19800101|F",
                "ORC|NW|A-1", "OBR|1|A-1||LIPID",
                "ORC|ZZ|A-2", "OBR|2|A-2||",
                "OBR|3|A-2||VITD") + "\r";
        OrmOrderParser.Parsed parsed = parser.parse(orm);
        assertThat(parsed.problems()).extracting(OrmOrderParserTest::location)
                .containsExactlyInAnyOrder("ORC^2-1:103", "OBR^2-4:101");
        assertThat(parsed.items()).extracting(OrmOrderParser.ParsedOrder::orcSequence).containsExactly(1, 2);
        assertThat(parsed.items().get(1).obrSequences()).as("VITD came from the third OBR").containsExactly(3);
    }

    @Test
    void aSecondPidRefusesTheMessageAtPid2() {
        String orm = String.join("\r",
                "MSH|^~\\&|EPIC|GEN|SPOTLINK|SPOT|20261122120000||ORM^O01|C-5|P|2.5.1",
                "PID|1||M-1^^^GEN^MR||Doe^Jane", "ORC|NW|A-1", "OBR|1|A-1||LIPID",
                "PID|2||M-2^^^GEN^MR||Roe^Rick", "ORC|NW|A-2", "OBR|1|A-2||LIPID") + "\r";
        OrmOrderParser.Parsed parsed = parser.parse(orm);
        assertThat(parsed.orders()).isEmpty();
        assertThat(parsed.problems()).extracting(OrmOrderParserTest::location).containsExactly("PID^2-0:100");
        assertThat(parsed.problems().get(0).text()).doesNotContain("Roe", "M-2");
    }

    @Test
    void pid3IsRequired() {
        String orm = String.join("\r",
                "MSH|^~\\&|EPIC|GEN|SPOTLINK|SPOT|20261122120000||OML^O21|C-6|P|2.5.1",
                "PID|1||^^^GEN^MR||Doe^Jane", "ORC|NW|A-1", "OBR|1|A-1||LIPID") + "\r";
        assertThat(parser.parse(orm).problems()).extracting(OrmOrderParserTest::location).contains("PID^1-3:101");
    }

    @Test
    void anUnparseableMessageIsNotQuotedInTheProblem() {
        OrmOrderParser.Parsed parsed = parser.parse("MSH|^~\\&|Doe^Jane|\rPID|1||SECRET");
        assertThat(parsed.problems()).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo(100);
            assertThat(p.text()).doesNotContain("Doe", "Jane", "SECRET");
        });
        assertThat(parser.parse(String.join("\r", "MSH|^~\\&|EPIC|GEN|SPOTLINK|SPOT|20261122120000||ADT^<Doe>|C-7|P|2.5.1",
                "PID|1||M-1")).problems()).singleElement().satisfies(p -> {
                    assertThat(p.code()).isEqualTo(200);
                    assertThat(p.text()).contains("(not shown)").doesNotContain("Doe");
                });
    }

    private final Hl7FrameReader frames = new Hl7FrameReader(StandardCharsets.UTF_8);

    private static final String MSH = "MSH|^~\\&|EPIC|GEN|SPOTLINK|SPOT|20261122120000||ORM^O01|C-8|P|%s||||||%s\r";

    @Test
    void framesOfTwoMessagesBatchesAndOtherVersionsAreRefusedBeforeParsing() {
        String one = MSH.formatted("2.5.1", "") + "PID|1||M-1\r";
        assertThat(read((one + one).getBytes(StandardCharsets.UTF_8)).problems())
                .extracting(OrmOrderParserTest::location).containsExactly("MSH^2-0:100");
        assertThat(read(("BHS|^~\\&\r" + one).getBytes(StandardCharsets.UTF_8)).problems())
                .singleElement().satisfies(p -> assertThat(p.text()).contains("batches"));
        assertThat(read((MSH.formatted("2.6", "") + "PID|1||M-1\r").getBytes(StandardCharsets.UTF_8))
                .problems()).extracting(OrmOrderParserTest::location).containsExactly("MSH^1-12:203");
        assertThat(read(one.getBytes(StandardCharsets.UTF_8)).ok()).isTrue();
        assertThat(read("Doe^Jane 1985".getBytes(StandardCharsets.UTF_8)).problems()).singleElement()
                .satisfies(p -> assertThat(p.text()).doesNotContain("Doe").contains("MSH"));
    }

    /** A frame as the route reads it when camel-mllp gave no MSH headers: the MSH read from its first line. */
    private Hl7FrameReader.Frame read(byte[] raw) {
        return frames.read(raw, MshHeader.read(raw));
    }

    @Test
    void charsetsAreReadStrictly() {
        byte[] latin1 = (MSH.formatted("2.5.1", "8859/1") + "PID|1||M-1||Müller^Anna\r")
                .getBytes(StandardCharsets.ISO_8859_1);
        Hl7FrameReader.Frame frame = read(latin1);
        assertThat(frame.ok()).isTrue();
        assertThat(frame.text()).contains("Müller");
        assertThat(frame.charset()).isEqualTo(StandardCharsets.ISO_8859_1);

        byte[] undeclared = (MSH.formatted("2.5.1", "") + "PID|1||M-1||Müller^Anna\r")
                .getBytes(StandardCharsets.ISO_8859_1);
        assertThat(read(undeclared).problems()).singleElement().satisfies(p -> {
            assertThat(location(p)).isEqualTo("MSH^1-18:102");
            assertThat(p.text()).contains("not valid UTF-8").doesNotContain("\uFFFD");
        });
        byte[] unknown = (MSH.formatted("2.5.1", "EBCDIC") + "PID|1||M-1\r").getBytes(StandardCharsets.US_ASCII);
        assertThat(read(unknown).problems()).extracting(OrmOrderParserTest::location)
                .containsExactly("MSH^1-18:103");
    }

    @Test
    void controlBidiAndZeroWidthCharactersAndOverlongFieldsAreNamed() {
        String text = MSH.formatted("2.5.1", "") + "PID|1||M-1||Do\u202Ee^Ja\u0007ne~Roe\r"
                + "ORC|NW|A\u200B1\r" + "OBR|1|A1||" + "X".repeat(1001) + "\r";
        assertThat(read(text.getBytes(StandardCharsets.UTF_8)).problems()).extracting(p -> location(p)
                + " " + p.text().substring(0, p.text().indexOf(' '))).containsExactly(
                "PID^1-5:102 PID-5", "ORC^1-2:102 ORC-2", "OBR^1-4:102 OBR-4");
    }

    @Test
    void thePlacerNumbersNamespaceIsKeptForTheResult() {
        String orm = String.join("\r",
                "MSH|^~\\&|EPIC|GH|SPOTLINK|SPOT|20261122120000||ORM^O01|C-NS|P|2.5.1",
                "PID|1||12345^^^GH^MR||Lee^Sam||19920630|F|||1 Main St^^Austin^TX^78701^USA||4155550100",
                "ORC|NW|P1-B1^EPIC", "OBR|1|P1-B1^EPIC||LIPID") + "\r";
        CanonicalOrder order = parser.parse(orm).orders().get(0);

        assertThat(order.sourceSystem()).isEqualTo("GH");
        var context = io.spotlink.oru.HospitalOrderContext.of(order);
        assertThat(context.placerOrderNumber()).isEqualTo("P1-B1");
        assertThat(context.sourceSystem()).as("ORC-2.2 echoed, not MSH-4").isEqualTo("EPIC");
    }
}
