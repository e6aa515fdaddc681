package io.spotlink.intake.hl7;

/**
 * One problem with an HL7 order message, where it is and what is wrong: an ERR segment of the reply.
 * {@code sequence} is the segment's repetition in the message (ERR-2.2: the second OBR is OBR^2); {@code code} is
 * from HL7 table 0357 (100 segment sequence, 101 required field missing, 102 data type error, 103 table value not
 * found, 200 unsupported message type, 203 unsupported version id, 204 unknown key identifier (an order to cancel or change that is not known), 207 application internal error). The text never
 * quotes the message: it names the place and the rule.
 */
public record Hl7Problem(String segment, int sequence, int field, int component, int code, String text) {

    public static Hl7Problem required(String segment, int sequence, int field, int component, String text) {
        return new Hl7Problem(segment, sequence, field, component, 101, text);
    }

    /** A problem with the message as a whole, located at its MSH. */
    public static Hl7Problem message(int field, int code, String text) {
        return new Hl7Problem("MSH", 1, field, 0, code, text);
    }

    public String codeText() {
        return switch (code) {
            case 100 -> "Segment sequence error";
            case 101 -> "Required field missing";
            case 102 -> "Data type error";
            case 103 -> "Table value not found";
            case 200 -> "Unsupported message type";
            case 203 -> "Unsupported version id";
            case 204 -> "Unknown key identifier";
            default -> "Application internal error";
        };
    }
}
