package io.spotlink.intake.hl7;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The character set an MSH-18 value names (camel-mllp's header CamelMllpCharset, read from the raw bytes), and a
 * strict decoder: bytes that are not valid in that charset are refused, never turned into U+FFFD.
 * <p>
 * camel-mllp reads MSH-18, but its decoding (MllpCharsetHelper, stringPayload=true) is kept out: it falls back to
 * the default charset for an MSH-18 it does not know and decodes with {@code new String(bytes, charset)}, which
 * turns invalid bytes into U+FFFD. Issue 7 requires both refused (AE), so the route takes the raw bytes
 * (stringPayload=false) and decodes them here, in the charset of this table.
 */
public final class Hl7Charsets {

    private static final Map<String, Charset> BY_HL7_NAME = Map.of(
            "ASCII", StandardCharsets.US_ASCII,
            "ISO IR6", StandardCharsets.US_ASCII,
            "8859/1", StandardCharsets.ISO_8859_1,
            "ISO IR100", StandardCharsets.ISO_8859_1,
            "8859/15", Charset.forName("ISO-8859-15"),
            "UNICODE UTF-8", StandardCharsets.UTF_8,
            "UTF-8", StandardCharsets.UTF_8,
            "UNICODE", StandardCharsets.UTF_8);

    /** Bytes that are not valid in the charset used to read them, at {@code offset} of the message. */
    public static final class InvalidBytes extends Exception {
        private final int offset;

        InvalidBytes(Charset charset, int offset) {
            super("byte " + offset + " of the message is not valid " + charset.name());
            this.offset = offset;
        }

        public int offset() {
            return offset;
        }
    }

    private Hl7Charsets() {
    }

    /**
     * The charset of a message: the one MSH-18 ({@code msh18}, its first repetition) names, {@code fallback} when
     * MSH-18 is empty, and empty when it names a charset Spotlink does not support (such a message is refused, not
     * guessed at).
     */
    public static Optional<Charset> of(String msh18, Charset fallback) {
        return msh18 == null || msh18.isBlank() ? Optional.of(fallback)
                : Optional.ofNullable(BY_HL7_NAME.get(msh18.trim().toUpperCase(Locale.ROOT)));
    }

    public static boolean isSupported(String hl7Name) {
        return BY_HL7_NAME.containsKey(hl7Name.trim().toUpperCase(Locale.ROOT));
    }

    /** The MSH-18 values Spotlink reads, for error texts. */
    public static String supportedNames() {
        return "ASCII, 8859/1, 8859/15, UNICODE UTF-8";
    }

    /** The text of {@code raw} in {@code charset}; any byte sequence that is invalid there is refused. */
    public static String decode(byte[] raw, Charset charset) throws InvalidBytes {
        CharsetDecoder decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(raw);
        CharBuffer out = CharBuffer.allocate((int) Math.ceil(raw.length * (double) decoder.maxCharsPerByte()) + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw new InvalidBytes(charset, in.position());
        }
        result = decoder.flush(out);
        if (result.isError()) {
            throw new InvalidBytes(charset, in.position());
        }
        return out.flip().toString();
    }
}
