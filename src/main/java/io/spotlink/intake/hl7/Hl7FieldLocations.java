package io.spotlink.intake.hl7;

import io.spotlink.intake.FieldError;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where each canonical order field came from in an ORM/OML, so Spotlink's validation errors name HL7 locations. */
final class Hl7FieldLocations {

    private record Location(String segment, int field, int component) {
    }

    private static final Map<String, Location> BY_FIELD = Map.ofEntries(
            Map.entry("source_order_id", new Location("ORC", 2, 1)),
            Map.entry("source_system", new Location("MSH", 4, 1)),
            Map.entry("test_codes", new Location("OBR", 4, 1)),
            Map.entry("kit_types", new Location("OBR", 4, 1)),
            Map.entry("recipient", new Location("PID", 5, 0)),
            Map.entry("recipient.first_name", new Location("PID", 5, 2)),
            Map.entry("recipient.last_name", new Location("PID", 5, 1)),
            Map.entry("recipient.email", new Location("PID", 13, 4)),
            Map.entry("recipient.phone", new Location("PID", 13, 1)),
            Map.entry("recipient.address", new Location("PID", 11, 0)),
            Map.entry("recipient.address.street1", new Location("PID", 11, 1)),
            Map.entry("recipient.address.street2", new Location("PID", 11, 2)),
            Map.entry("recipient.address.city", new Location("PID", 11, 3)),
            Map.entry("recipient.address.state", new Location("PID", 11, 4)),
            Map.entry("recipient.address.zip", new Location("PID", 11, 5)),
            Map.entry("recipient.address.country", new Location("PID", 11, 6)),
            Map.entry("patient.mrn", new Location("PID", 3, 1)),
            Map.entry("specimen_barcode", new Location("OBR", 3, 1)),
            Map.entry("patient.birth_date", new Location("PID", 7, 1)),
            Map.entry("patient.sex", new Location("PID", 8, 1)),
            Map.entry("ordering_provider", new Location("ORC", 12, 0)),
            Map.entry("ordering_provider.id", new Location("ORC", 12, 1)),
            Map.entry("ordering_provider.family_name", new Location("ORC", 12, 2)),
            Map.entry("ordering_provider.given_name", new Location("ORC", 12, 3)));

    private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");

    private Hl7FieldLocations() {
    }

    /** The ERR of a validation error of one order, at the repetition of the ORC or OBR that order came from. */
    static Hl7Problem problem(FieldError error, OrmOrderParser.ParsedOrder from) {
        String field = error.field().replaceAll("\\[\\d+]", "");
        Location at = BY_FIELD.getOrDefault(field, new Location("ORC", 1, 0));
        int code = error.message().startsWith("is required") ? 101
                : error.message().contains("must be one of") || error.message().contains("must be US or CA")
                || error.message().contains("unknown") ? 103 : 102;
        String segment = at.segment();
        int fieldPosition = at.field();
        int sequence = 1;
        if (segment.equals("ORC") && from.orcSequence() == 0) {
            // no ORC: the placer number came from OBR-2
            segment = "OBR";
            fieldPosition = at.field() == 2 ? 2 : at.field() == 12 ? 16 : 0;
            // (ORC-12's components are OBR-16's)
        }
        if (segment.equals("ORC")) {
            sequence = from.orcSequence();
        } else if (segment.equals("OBR") && !from.obrSequences().isEmpty()) {
            int index = codeIndex(error.field());
            sequence = from.obrSequences().get(index < from.obrSequences().size() ? index : 0);
        }
        return new Hl7Problem(segment, sequence, fieldPosition, fieldPosition == 0 ? 0 : at.component(), code,
                "order " + OrmOrderParser.shownId(from.order().sourceOrderId()) + ": " + error.field() + " "
                        + error.message());
    }

    private static int codeIndex(String field) {
        Matcher index = INDEX.matcher(field);
        return field.startsWith("test_codes") && index.find() ? Integer.parseInt(index.group(1)) : 0;
    }
}
