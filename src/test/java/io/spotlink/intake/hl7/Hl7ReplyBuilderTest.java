package io.spotlink.intake.hl7;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** ACKs in the sender's own version, ERR readable by v2.3 engines, and MSA-3 never cut inside an id. */
class Hl7ReplyBuilderTest {

    private final Hl7ReplyBuilder replies = new Hl7ReplyBuilder();

    private static String orm(String version) {
        return "MSH|^~\\&|EPIC|GEN|SPOTLINK|SPOT|20261122120000||ORM^O01|CTL-9|P|" + version + "\rPID|1\r";
    }

    @Test
    void theAckEchoesTheSendersVersion() throws Exception {
        for (String version : List.of("2.3", "2.3.1", "2.4", "2.5", "2.5.1")) {
            String ack = replies.ack(orm(version), "AA", "ok", List.of());
            assertThat(ack.split("\r")[0].split("\\|", -1)[11]).as("MSH-12 for " + version).isEqualTo(version);
        }
        assertThat(replies.ack(orm("9.9"), "AE", "no", List.of()).split("\r")[0].split("\\|", -1)[11])
                .isEqualTo("2.5.1");
    }

    @Test
    void errOneCarriesTheLocationAndCodeForOlderEngines() throws Exception {
        String ack = replies.ack(orm("2.3"), "AE", "bad", List.of(new Hl7Problem("OBR", 2, 4, 1, 101,
                "universal service id is required")));
        String err = java.util.Arrays.stream(ack.split("\r")).filter(s -> s.startsWith("ERR")).findFirst().orElseThrow();
        String[] fields = err.split("\\|", -1);
        assertThat(fields[1]).startsWith("OBR^2^4^101&");
        assertThat(fields[2]).startsWith("OBR^2^4^^1");
    }

    @Test
    void aParseableMessageGetsHapisGeneratedAckAndGarbageTheHandMadeOne() throws Exception {
        String orm = "MSH|^~\\&|EPIC|GEN|SPOTLINK|SPOT|20261122120000||ORM^O01|CTL-7|P|2.4\rPID|1\r";
        assertThat(replies.generated(orm, "AE")).as("HAPI's generateACK").isPresent();
        String ack = replies.ack(orm, "AE", "bad", List.of());
        assertThat(ack.split("\r")[0]).startsWith("MSH|^~\\&|SPOTLINK|SPOT|EPIC|GEN|").contains("|ACK^O01^ACK|SLA")
                .endsWith("|P|2.4");
        assertThat(ack).contains("MSA|AE|CTL-7|bad");

        for (String garbage : List.of("MSH|^~\\&|EPIC|GEN|SPOTLINK|SPOT|20261122120000||ORM^O01|CTL-8|P|9.9\r",
                "MSH|", "not hl7 at all")) {
            assertThat(replies.generated(garbage, "AE")).as("HAPI cannot parse " + garbage).isEmpty();
            assertThat(replies.ack(garbage, "AE", "bad", List.of())).as("the hand path still answers")
                    .contains("MSA|AE|");
        }
    }

    @Test
    void msaThreeIsCutBetweenIdsNeverInside() {
        String ids = "Spot order P1=O1000001 P2=O1000002 P3=O1000003 P4=O1000004 P5=O1000005 P6=O1000006";
        String fitted = Hl7ReplyBuilder.fit(ids, 80);
        assertThat(fitted).hasSizeLessThanOrEqualTo(80).endsWith(" ...").contains("P5=O1000005")
                .doesNotContain("P6=");
    }
}
