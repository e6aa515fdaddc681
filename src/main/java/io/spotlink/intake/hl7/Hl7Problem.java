package io.spotlink.intake.hl7;

/**
 * One problem with an HL7 order message, where it is and what is wrong: an ERR segment of the reply.
 * {@code code} is from HL7 table 0357 (100 segment sequence, 101 required field missing, 102 data type error,
 * 103 table value not found, 200 unsupported message type, 207 application internal error).
 */
public record Hl7Problem(String segment, int field, int component, int code, String text) {

    public static Hl7Problem required(String segment, int field, int component, String text) {
        return new Hl7Problem(segment, field, component, 101, text);
    }

    public String codeText() {
        return switch (code) {
            case 100 -> "Segment sequence error";
            case 101 -> "Required field missing";
            case 102 -> "Data type error";
            case 103 -> "Table value not found";
            case 200 -> "Unsupported message type";
            default -> "Application internal error";
        };
    }
}
