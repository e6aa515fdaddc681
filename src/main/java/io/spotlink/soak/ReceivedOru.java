package io.spotlink.soak;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The fields of a delivered ORU^R01 the reconciliation needs: which kit, which version, which delivery, which patient. */
record ReceivedOru(String controlId, long deliveryId, String mrn, String kitId, String status) {

    private static final Pattern CONTROL_ID = Pattern.compile("^[A-Za-z]*(\\d+)-(\\d+)$");

    static Optional<ReceivedOru> parse(String message) {
        String controlId = null;
        String mrn = null;
        String kitId = null;
        String status = null;
        for (String segment : message.split("\r")) {
            String[] f = segment.split("\\|", -1);
            switch (f[0]) {
                case "MSH" -> controlId = field(f, 9);
                case "PID" -> mrn = component(field(f, 3));
                case "OBR" -> {
                    String filler = component(field(f, 3)); // <order id>-<kit id>
                    kitId = filler == null || filler.indexOf('-') < 0 ? null : filler.substring(filler.indexOf('-') + 1);
                    status = field(f, 25);
                }
                default -> {
                }
            }
        }
        if (controlId == null || kitId == null || status == null) {
            return Optional.empty();
        }
        Matcher m = CONTROL_ID.matcher(controlId);
        long delivery = m.matches() ? Long.parseLong(m.group(1)) : -1;
        return Optional.of(new ReceivedOru(controlId, delivery, mrn, kitId, status));
    }

    /** MSA-1 and MSA-2 of an ACK: {code, control id}, or empty. */
    static Optional<String[]> ackOf(String ack) {
        for (String segment : ack.split("\r")) {
            if (segment.startsWith("MSA|")) {
                String[] f = segment.split("\\|", -1);
                return Optional.of(new String[]{field(f, 1), field(f, 2)});
            }
        }
        return Optional.empty();
    }

    private static String field(String[] fields, int index) {
        return index < fields.length && !fields[index].isEmpty() ? fields[index] : null;
    }

    private static String component(String field) {
        return field == null ? null : field.split("\\^", -1)[0];
    }
}
