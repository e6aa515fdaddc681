package io.spotlink.intake.hl7;

import org.apache.camel.Message;
import org.apache.camel.component.mllp.MllpConstants;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The MSH fields the MLLP intake reads: MSH-3 and MSH-4 (who asks), MSH-10 (the control id) and MSH-12 (the
 * version) as camel-mllp split them from the raw bytes (route option hl7Headers=true: CamelMllpSendingApplication,
 * CamelMllpSendingFacility, CamelMllpMessageControlId, CamelMllpVersionId), and MSH-18 (the character set).
 * <p>
 * Read by hand from the first line ({@link MshFields}), where camel-mllp 4.14 cannot serve:
 * <ul>
 *   <li>MSH-18 always: camel-mllp's CamelMllpCharset holds the endpoint's charset name (ISO_8859_1 unless
 *   configured), not MSH-18, whenever a charset is configured, and its consumer always has one.</li>
 *   <li>every field of an MSH ended by LF, which Spotlink accepts: camel-mllp ends the MSH at the first CR only, so
 *   its fields run on into the next segments (or it sets none).</li>
 *   <li>every field of a frame camel-mllp did not read (one over max-frame-bytes, or one GuardedMllpConsumer runs
 *   itself).</li>
 * </ul>
 * MSH-2 (the component and repetition separators) has no camel-mllp header either.
 */
record MshHeader(String sendingApplication, String sendingFacility, String controlId, String version,
                 String charset, char component, char repetition) {

    /** The fields of the frame {@code raw}, from camel-mllp's headers on {@code message} when it could split it. */
    static MshHeader of(Message message, byte[] raw) {
        MshHeader firstLine = read(raw);
        if (message.getHeader(MllpConstants.MLLP_SENDING_APPLICATION) == null || !endsWithCr(raw)) {
            return firstLine;
        }
        return new MshHeader(message.getHeader(MllpConstants.MLLP_SENDING_APPLICATION, String.class),
                message.getHeader(MllpConstants.MLLP_SENDING_FACILITY, String.class),
                message.getHeader(MllpConstants.MLLP_MESSAGE_CONTROL, String.class),
                message.getHeader(MllpConstants.MLLP_VERSION_ID, String.class),
                firstLine.charset(), firstLine.component(), firstLine.repetition());
    }

    /** The fields read from the first line of {@code raw} (by {@link MshFields}), where camel-mllp could not. */
    static MshHeader read(byte[] raw) {
        String firstLine = firstLine(raw);
        String[] fields = MshFields.of(firstLine);
        return new MshHeader(at(fields, 3), at(fields, 4), at(fields, 10), at(fields, 12), at(fields, 18),
                firstLine.length() > 4 ? firstLine.charAt(4) : '^', firstLine.length() > 5 ? firstLine.charAt(5) : '~');
    }

    /** MSH-12's first component, trimmed ("" when absent). */
    String versionNumber() {
        return version == null ? "" : version.split(Pattern.quote(String.valueOf(component)), -1)[0].trim();
    }

    /** MSH-18's first repetition, trimmed; null when MSH-18 is empty. */
    String charsetName() {
        String first = charset == null ? "" : charset.split(Pattern.quote(String.valueOf(repetition)), -1)[0];
        return first.isBlank() ? null : first.trim();
    }

    /** The first segment as ASCII (the MSH is ASCII), or "" when the frame does not begin with MSH. */
    static String firstLine(byte[] raw) {
        int end = 0;
        while (end < raw.length && raw[end] != '\r' && raw[end] != '\n') {
            end++;
        }
        String first = new String(raw, 0, end, StandardCharsets.US_ASCII);
        return first.startsWith("MSH") ? first : "";
    }

    /** Whether the first segment ends with CR, where camel-mllp ends the MSH. */
    private static boolean endsWithCr(byte[] raw) {
        for (byte b : raw) {
            if (b == '\r' || b == '\n') {
                return b == '\r';
            }
        }
        return false;
    }

    private static String at(String[] fields, int n) {
        return n < fields.length ? fields[n] : null;
    }
}
