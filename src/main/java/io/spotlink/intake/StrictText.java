package io.spotlink.intake;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.List;
import java.util.Optional;

/**
 * Turns received bytes into text exactly as declared: a byte-order mark names (and is not part of) the text, and
 * bytes that are not valid in the charset are refused, never replaced by U+FFFD ("M\uFFFDller") or decoded as
 * another charset ("MÃ¼ller").
 */
public final class StrictText {

    private StrictText() {
    }

    /** The charset a name (an HTTP charset parameter, a config value) stands for, if Java knows it. */
    public static Optional<Charset> charset(String name) {
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Charset.forName(name.strip().replace("\"", "")));
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return Optional.empty();
        }
    }

    /**
     * Decodes {@code bytes} in {@code declared}, or in the charset its byte-order mark names.
     *
     * @param field the name errors carry, e.g. "body" or "file"
     * @throws InvalidOrderException naming the byte offset of the first invalid sequence
     */
    public static String decode(byte[] bytes, Charset declared, String field) {
        Charset charset = declared;
        int skip = 0;
        if (startsWith(bytes, 0xEF, 0xBB, 0xBF)) {
            charset = StandardCharsets.UTF_8;
            skip = 3;
        } else if (startsWith(bytes, 0xFE, 0xFF)) {
            charset = StandardCharsets.UTF_16BE;
            skip = 2;
        } else if (startsWith(bytes, 0xFF, 0xFE)) {
            charset = StandardCharsets.UTF_16LE;
            skip = 2;
        }
        ByteBuffer input = ByteBuffer.wrap(bytes, skip, bytes.length - skip);
        try {
            return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(input).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidOrderException(List.of(new FieldError(field, "is not valid " + charset.name()
                    + " text (byte " + (input.position() + 1) + "); send UTF-8 or declare the charset")));
        }
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
