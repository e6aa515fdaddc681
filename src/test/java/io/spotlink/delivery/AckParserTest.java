package io.spotlink.delivery;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ACKs an EHR may send back for an ORU: every code, old and new versions, text in MSA-3 and ERR, and garbage. */
class AckParserTest {

    private static String ack(String version, String... segments) {
        return "MSH|^~\\&|EHR|HOSP|SPOTLINK|SPOT|20250101120000||ACK^R01^ACK|A1|P|" + version + "\r"
                + String.join("\r", segments) + "\r";
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "AA, true,  false",
            "CA, true,  false",
            "AE, false, true",
            "CE, false, true",
            "AR, false, false",
            "CR, false, false"})
    void everyAcknowledgmentCodeIsClassified(String code, boolean accepted, boolean contentError) {
        AckResult result = AckParser.parse(ack("2.5.1", "MSA|" + code + "|CTRL42"));

        assertThat(result.code()).isEqualTo(code);
        assertThat(result.controlId()).isEqualTo("CTRL42");
        assertThat(result.accepted()).isEqualTo(accepted);
        assertThat(result.contentError()).isEqualTo(contentError);
        assertThat(result.text()).isEmpty();
    }

    @Test
    void msa3TextIsKeptAndUnescaped() {
        AckResult result = AckParser.parse(ack("2.5.1", "MSA|AE|CTRL1|Unknown patient \\F\\ bad MRN"));

        assertThat(result.text()).isEqualTo("Unknown patient | bad MRN");
    }

    @Test
    void v251ErrSegmentsGiveTheirUserMessageThenTheCodeText() {
        AckResult result = AckParser.parse(ack("2.5.1", "MSA|AE|CTRL2|Rejected",
                "ERR||PID^1^3|101^Required field missing^HL70357|E||||MRN is required",
                "ERR||OBX^1^5|102^Data type error^HL70357|E",
                "ERR||OBR^1^4|103^Table value not found^HL70357^^^^^^Unknown test code|E"));

        assertThat(result.code()).isEqualTo("AE");
        assertThat(result.text()).isEqualTo("Rejected; MRN is required; Data type error; Unknown test code");
    }

    @Test
    void v23AckTakesTheTextOfErr1() {
        AckResult result = AckParser.parse(ack("2.3", "MSA|AR|CTRL3|Not accepted",
                "ERR|PID^1^3^207&Application internal error"));

        assertThat(result.code()).isEqualTo("AR");
        assertThat(result.accepted()).isFalse();
        assertThat(result.contentError()).isFalse();
        assertThat(result.text()).contains("Not accepted").contains("PID 1 3 207&Application internal error");
    }

    @Test
    void v23AcceptedAckWithLineFeedsIsRead() {
        String lf = "MSH|^~\\&|EHR|HOSP|SPOTLINK|SPOT|20250101||ACK|A9|P|2.3\nMSA|CA|CTRL9\n";

        AckResult result = AckParser.parse(lf);

        assertThat(result.accepted()).isTrue();
        assertThat(result.controlId()).isEqualTo("CTRL9");
    }

    @Test
    void otherEncodingCharactersAreHonoured() {
        String hash = "MSH#$~\\&#EHR#HOSP#SPOTLINK#SPOT#20250101##ACK#A1#P#2.5.1\rMSA#AE#CTRL5#bad$value\r";

        AckResult result = AckParser.parse(hash);

        assertThat(result.code()).isEqualTo("AE");
        assertThat(result.controlId()).isEqualTo("CTRL5");
        assertThat(result.text()).isEqualTo("bad value");
    }

    @Test
    void separatorsThatAreRegexCharactersAreTakenLiterally() {
        // '*' and '.' mean "repeat" and "any character" in a regex: each must split as the character itself
        String star = "MSH*.~\\&*EHR*HOSP*SPOTLINK*SPOT*20250101**ACK*A1*P*2.5.1\rMSA*AR*CTRL6\r"
                + "ERR**PID.1*101.no text*E\r";

        AckResult result = AckParser.parse(star);

        assertThat(result.code()).isEqualTo("AR");
        assertThat(result.controlId()).isEqualTo("CTRL6");
        assertThat(result.text()).isEqualTo("no text");
    }

    @Test
    void anAckWithoutMsaIsRefused() {
        assertThatThrownBy(() -> AckParser.parse(ack("2.5.1", "ERR||PID^1^3|101|E")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MSA");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "HTTP/1.1 200 OK\r\n\r\n", "MSH", "MSA|AA|X\r", "{\"ack\":\"AA\"}"})
    void garbageIsRefused(String garbage) {
        assertThatThrownBy(() -> AckParser.parse(garbage)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nullIsRefused() {
        assertThatThrownBy(() -> AckParser.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTruncatedMsaHasNoControlId() {
        AckResult result = AckParser.parse(ack("2.5.1", "MSA|AA"));

        assertThat(result.accepted()).isTrue();
        assertThat(result.controlId()).isEmpty();
    }
}
