package io.spotlink.intake.hl7;

import io.spotlink.intake.FieldError;

import java.util.Map;

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
            Map.entry("recipient.address.city", new Location("PID", 11, 3)),
            Map.entry("recipient.address.state", new Location("PID", 11, 4)),
            Map.entry("recipient.address.zip", new Location("PID", 11, 5)),
            Map.entry("recipient.address.country", new Location("PID", 11, 6)),
            Map.entry("patient.mrn", new Location("PID", 3, 1)),
            Map.entry("patient.birth_date", new Location("PID", 7, 1)),
            Map.entry("patient.sex", new Location("PID", 8, 1)),
            Map.entry("ordering_provider", new Location("ORC", 12, 0)));

    private Hl7FieldLocations() {
    }

    static Hl7Problem problem(FieldError error) {
        String field = error.field().replaceAll("\\[\\d+]", "");
        Location at = BY_FIELD.getOrDefault(field, new Location("ORC", 1, 0));
        int code = error.message().startsWith("is required") ? 101
                : error.message().contains("must be one of") || error.message().contains("must be US or CA")
                || error.message().contains("unknown") ? 103 : 102;
        return new Hl7Problem(at.segment(), at.field(), at.component(), code, error.field() + " " + error.message());
    }
}
