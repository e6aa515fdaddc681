package io.spotlink.intake.hl7;

import org.apache.camel.component.mllp.MllpConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultMessage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The MSH fields the MLLP intake reads: camel-mllp's headers, or the first line where camel-mllp cannot split it. */
class MshHeaderTest {

    private static final String MSH = "MSH|^~\\&|EPIC^1.2|GH|SPOTLINK|SPOT|20260101||ORM^O01|C-7|P|2.5.1^HL7||||||"
            + "8859/1~UNICODE UTF-8";

    private static DefaultMessage withCamelMllpHeaders(String controlId) {
        DefaultMessage message = new DefaultMessage(new DefaultCamelContext());
        message.setHeader(MllpConstants.MLLP_SENDING_APPLICATION, "EPIC^1.2");
        message.setHeader(MllpConstants.MLLP_SENDING_FACILITY, "GH");
        message.setHeader(MllpConstants.MLLP_MESSAGE_CONTROL, controlId);
        message.setHeader(MllpConstants.MLLP_VERSION_ID, "2.5.1^HL7");
        message.setHeader(MllpConstants.MLLP_CHARSET, "ISO_8859_1"); // camel-mllp's own charset, not MSH-18
        return message;
    }

    @Test
    void camelMllpsHeadersAreReadWhenTheMshEndsWithCr() {
        byte[] raw = (MSH + "\rPID|1\r").getBytes(StandardCharsets.US_ASCII);
        MshHeader msh = MshHeader.of(withCamelMllpHeaders("FROM-CAMEL"), raw);
        assertThat(msh.controlId()).isEqualTo("FROM-CAMEL");
        assertThat(msh.sendingApplication()).isEqualTo("EPIC^1.2");
        assertThat(msh.versionNumber()).isEqualTo("2.5.1");
        assertThat(msh.charsetName()).as("MSH-18's first repetition, read from the frame").isEqualTo("8859/1");
    }

    @Test
    void anMshEndedByLfOrWithoutCamelMllpsHeadersIsReadFromItsFirstLine() {
        byte[] lf = (MSH + "\nPID|1\n").getBytes(StandardCharsets.US_ASCII);
        assertThat(MshHeader.of(withCamelMllpHeaders("RUN-ON"), lf).controlId())
                .as("camel-mllp's fields run on past an LF").isEqualTo("C-7");
        byte[] cr = (MSH + "\r").getBytes(StandardCharsets.US_ASCII);
        MshHeader msh = MshHeader.of(new DefaultMessage(new DefaultCamelContext()), cr);
        assertThat(msh.controlId()).isEqualTo("C-7");
        assertThat(msh.sendingFacility()).isEqualTo("GH");
        assertThat(msh.versionNumber()).isEqualTo("2.5.1");
        assertThat(msh.charsetName()).isEqualTo("8859/1");
    }

    @Test
    void aFrameThatIsNotAnMessageHasNoFields() {
        MshHeader msh = MshHeader.read("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(msh.controlId()).isNull();
        assertThat(msh.charsetName()).isNull();
        assertThat(msh.versionNumber()).isEmpty();
    }
}
