package io.spotlink.intake.hl7;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What an MLLP frame must be before it is parsed: one HL7 message (not a batch, not two messages), beginning with
 * MSH, in a charset MSH-18 names and Spotlink supports, with bytes valid in it, of a supported version (MSH-12), and
 * without control, bidi-override or zero-width characters in any field, nor overlong fields where orders are read. Problems name the place, never the content.
 */
final class Hl7FrameReader {

    /** The frame's text (strictly decoded, or null when it could not be), the charset to answer in, and problems. */
    record Frame(String text, Charset charset, List<Hl7Problem> problems) {
        boolean ok() {
            return problems.isEmpty();
        }
    }

    private static final Set<String> VERSIONS = Set.of("2.3", "2.3.1", "2.4", "2.5", "2.5.1");
    private static final Set<String> BATCH_SEGMENTS = Set.of("FHS", "BHS", "BTS", "FTS");
    /** The segments orders are read from, and the longest field accepted there (HL7 lengths are far below it). */
    private static final Set<String> READ_SEGMENTS = Set.of("MSH", "PID", "ORC", "OBR");
    private static final int MAX_FIELD = 1000;
    private static final Pattern SEGMENT_END = Pattern.compile("\r\n|\r|\n");

    private final Charset defaultCharset;

    Hl7FrameReader(Charset defaultCharset) {
        this.defaultCharset = defaultCharset;
    }

    /** The frame {@code raw}, whose MSH fields camel-mllp read ({@code msh}). */
    Frame read(byte[] raw, MshHeader msh) {
        String start = new String(raw, 0, Math.min(raw.length, 3), StandardCharsets.US_ASCII);
        if (new String(raw, StandardCharsets.ISO_8859_1).isBlank()) {
            return refused(Hl7Problem.message(0, 100, "the MLLP frame is empty: send one HL7 message per frame"));
        }
        if (BATCH_SEGMENTS.contains(start)) {
            return refused(batch());
        }
        if (!start.equals("MSH") || raw.length < 8) {
            return refused(Hl7Problem.message(0, 100,
                    "not an HL7 v2 message: an MLLP frame must hold one message beginning with an MSH segment"));
        }
        Optional<Charset> named = Hl7Charsets.of(msh.charsetName(), defaultCharset);
        if (named.isEmpty()) {
            return refused(Hl7Problem.message(18, 103, "the character set named in MSH-18 is not supported: use "
                    + Hl7Charsets.supportedNames() + ", or leave MSH-18 empty for " + defaultCharset.name()));
        }
        Charset charset = named.get();
        String text;
        try {
            text = Hl7Charsets.decode(raw, charset);
        } catch (Hl7Charsets.InvalidBytes e) {
            return new Frame(null, charset, List.of(Hl7Problem.message(18, 102, e.getMessage()
                    + " (the charset MSH-18 names, or " + defaultCharset.name() + " when it names none): send valid "
                    + charset.name() + " or name the message's charset in MSH-18")));
        }
        return new Frame(text, charset, check(text, msh.versionNumber()));
    }

    /** A frame over the size limit, of which only the first bytes were read: refused without decoding them. */
    Frame tooLarge(int limit) {
        return refused(Hl7Problem.message(0, 102, "the MLLP frame is larger than the limit of " + limit
                + " bytes (spotlink.intake.mllp.max-frame-bytes): nothing was read beyond it and nothing created;"
                + " send smaller messages, one per frame"));
    }

    private static List<Hl7Problem> check(String text, String version) {
        List<Hl7Problem> problems = new ArrayList<>();
        String[] segments = SEGMENT_END.split(text);
        char separator = text.charAt(3);
        Map<String, Integer> seen = new HashMap<>();
        for (String segment : segments) {
            if (segment.isEmpty()) {
                continue;
            }
            String name = segment.length() >= 3 ? segment.substring(0, 3) : segment;
            int sequence = seen.merge(name, 1, Integer::sum);
            if (BATCH_SEGMENTS.contains(name)) {
                return List.of(batch());
            }
            if (name.equals("MSH") && sequence == 2) {
                problems.add(new Hl7Problem("MSH", 2, 0, 0, 100, "an MLLP frame must hold one message: found "
                        + SEGMENT_END.splitAsStream(text).filter(s -> s.startsWith("MSH")).count()
                        + " MSH segments; send each message in its own frame"));
            }
            checkCharacters(segment, name, sequence, separator, problems);
        }
        if (!VERSIONS.contains(version)) {
            problems.add(new Hl7Problem("MSH", 1, 12, 1, 203,
                    "HL7 version (MSH-12) must be 2.3, 2.3.1, 2.4, 2.5 or 2.5.1"));
        }
        return problems;
    }

    /**
     * Control characters (other than the segment terminator), bidi overrides and zero-width characters anywhere, and
     * fields over {@link #MAX_FIELD} characters in the segments Spotlink reads.
     */
    private static void checkCharacters(String segment, String name, int sequence, char separator,
                                        List<Hl7Problem> problems) {
        boolean read = READ_SEGMENTS.contains(name);
        int field = name.equals("MSH") ? 1 : 0;
        int length = 0;
        boolean reported = false;
        for (int i = 3; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == separator) {
                field++;
                length = 0;
                reported = false;
                continue;
            }
            length++;
            if (reported) {
                continue;
            }
            if (forbidden(c)) {
                problems.add(new Hl7Problem(name, sequence, field, 0, 102, String.format(
                        "%s-%d holds the character U+%04X (a control, bidi or zero-width character), not allowed in"
                                + " HL7 text", name, field, (int) c)));
                reported = true;
            } else if (read && length > MAX_FIELD) {
                problems.add(new Hl7Problem(name, sequence, field, 0, 102, String.format(
                        "%s-%d is longer than %d characters", name, field, MAX_FIELD)));
                reported = true;
            }
        }
    }

    static boolean forbidden(char c) {
        return (c < 0x20 && c != '\t') || (c >= 0x7f && c <= 0x9f)
                || (c >= 0x200b && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)
                || c == 0xfeff;
    }

    private static Hl7Problem batch() {
        return Hl7Problem.message(0, 100,
                "batches (FHS/BHS) are not accepted: send single messages, one per MLLP frame");
    }

    private Frame refused(Hl7Problem problem) {
        return new Frame(null, defaultCharset, List.of(problem));
    }
}
