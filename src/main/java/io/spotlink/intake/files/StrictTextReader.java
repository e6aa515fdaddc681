package io.spotlink.intake.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The text of an order file, decoded strictly: a byte-order mark (UTF-8, UTF-16) chooses the charset and is
 * skipped; otherwise the configured charset applies. Bytes that are not valid in it, and NUL characters (a binary
 * file, or UTF-16 without a byte-order mark), refuse the file with the line where they are, never turned into
 * U+FFFD. Counts lines as it goes.
 */
public final class StrictTextReader extends Reader {

    private final InputStream in;
    private final CharsetDecoder decoder;
    private final String charsetName;
    private final ByteBuffer bytes = ByteBuffer.allocate(8192).flip();
    private final CharBuffer chars = CharBuffer.allocate(8192).flip();
    private boolean eof;
    private boolean done;
    private int line = 1;

    private StrictTextReader(InputStream in, Charset charset) {
        this.in = in;
        this.decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        this.charsetName = charset.name();
    }

    public static StrictTextReader open(InputStream in, Charset configured) throws IOException {
        PushbackInputStream bytes = new PushbackInputStream(in, 3);
        byte[] head = bytes.readNBytes(3);
        Charset charset = configured;
        int bom = 0;
        if (head.length >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF) {
            charset = StandardCharsets.UTF_8;
            bom = 3;
        } else if (head.length >= 2 && (head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF) {
            charset = StandardCharsets.UTF_16BE;
            bom = 2;
        } else if (head.length >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE) {
            charset = StandardCharsets.UTF_16LE;
            bom = 2;
        }
        bytes.unread(head, bom, head.length - bom);
        return new StrictTextReader(bytes, charset);
    }

    /** The line being read (1-based). */
    public int line() {
        return line;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (!chars.hasRemaining() && !fill()) {
            return -1;
        }
        int n = Math.min(length, chars.remaining());
        chars.get(buffer, offset, n);
        for (int i = offset; i < offset + n; i++) {
            if (buffer[i] == '\n') {
                line++;
            } else if (buffer[i] == '\0') {
                throw new FileRefusedException("is not text: line " + line + " has NUL characters (a binary file, "
                        + "or UTF-16 without a byte-order mark)");
            }
        }
        return n;
    }

    /** Decodes the next characters; our own loop, so a bad byte's line is known exactly. */
    private boolean fill() throws IOException {
        chars.clear();
        while (chars.position() == 0 && !done) {
            CoderResult result = decoder.decode(bytes, chars, eof);
            if (result.isError()) {
                int at = line;
                for (int i = 0; i < chars.position(); i++) {
                    at += chars.get(i) == '\n' ? 1 : 0;
                }
                throw new FileRefusedException("is not valid " + charsetName + " text: line " + at
                        + " has bytes that are not " + charsetName + " (save the file as " + charsetName
                        + ", or set spotlink.intake.files.charset to the file's charset)");
            }
            if (result.isUnderflow()) {
                if (eof) {
                    decoder.flush(chars);
                    done = true;
                } else {
                    bytes.compact();
                    int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
                    if (n < 0) {
                        eof = true;
                    } else {
                        bytes.position(bytes.position() + n);
                    }
                    bytes.flip();
                }
            }
        }
        chars.flip();
        return chars.hasRemaining();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
