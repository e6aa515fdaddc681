package io.spotlink.sim;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/** Field checks shared by the simulator's validators; each adds a problem that names the field, never its value. */
final class SimFields {

    static final Set<String> SEXES = Set.of("M", "F");

    private SimFields() {
    }

    /** A required, non-blank string. Returns it, or null after recording the problem. */
    static String requireString(JsonNode parent, String field, String prefix, List<String> problems) {
        JsonNode value = parent == null ? null : parent.get(field);
        if (value == null || value.isNull() || (value.isTextual() && value.asText().isBlank())) {
            problems.add("The " + prefix + field + " field is required");
            return null;
        }
        if (!value.isTextual()) {
            problems.add(prefix + field + " must be a string");
            return null;
        }
        return value.asText();
    }

    /** An optional string: absent, null or text. */
    static void optionalString(JsonNode parent, String field, String prefix, List<String> problems) {
        JsonNode value = parent.get(field);
        if (value != null && !value.isNull() && !value.isTextual()) {
            problems.add(prefix + field + " must be a string or null");
        }
    }

    static void optionalObject(JsonNode parent, String field, List<String> problems) {
        JsonNode value = parent.get(field);
        if (value != null && !value.isNull() && !value.isObject()) {
            problems.add(field + " must be an object or null");
        }
    }

    static void sex(JsonNode parent, String prefix, List<String> problems) {
        String sex = requireString(parent, "sex", prefix, problems);
        if (sex != null && !SEXES.contains(sex)) {
            problems.add(prefix + "sex must be one of M, F");
        }
    }

    static void email(JsonNode parent, String prefix, List<String> problems) {
        String email = requireString(parent, "email", prefix, problems);
        if (email != null && !email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            problems.add(prefix + "email must be a valid e-mail address");
        }
    }

    /** A required YYYY-MM-DD date, not after {@code today}. */
    static void birthDate(JsonNode parent, String prefix, LocalDate today, List<String> problems) {
        String text = requireString(parent, "date_of_birth", prefix, problems);
        if (text == null) {
            return;
        }
        try {
            if (LocalDate.parse(text).isAfter(today)) {
                problems.add(prefix + "date_of_birth must not be in the future");
            }
        } catch (DateTimeException e) {
            problems.add(prefix + "date_of_birth must be a date as YYYY-MM-DD");
        }
    }

    /** The simulator's date (UTC) at {@code now}, for birth-date checks. */
    static LocalDate today(java.time.Instant now) {
        return now.atZone(java.time.ZoneOffset.UTC).toLocalDate();
    }

    /** The object at {@code field}, or null after recording that it is missing or not an object. */
    static JsonNode requireObject(JsonNode parent, String field, String prefix, List<String> problems) {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            problems.add("The " + prefix + field + " field is required");
            return null;
        }
        if (!value.isObject()) {
            problems.add(prefix + field + " must be an object");
            return null;
        }
        return value;
    }
}
