package io.spotlink.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import io.spotlink.spot.SpotJson;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The patient values a corpus case carries (names, e-mail, phone, street, birth date), read from its JSON, CSV or
 * HL7 input, so the log scan looks for the very values each case sent. Short values are left out: they would
 * match innocent words.
 */
final class PhiValues {

    private static final int MIN_LENGTH = 6;
    private static final List<String> CSV_HINTS = List.of("first", "last", "email", "phone", "street", "birth");

    private PhiValues() {
    }

    static Set<String> of(CorpusCase c) throws Exception {
        String text = new String(c.bytes(), StandardCharsets.UTF_8);
        Set<String> values = new LinkedHashSet<>();
        String file = c.input().getFileName().toString().toLowerCase(Locale.ROOT);
        if (file.endsWith(".hl7")) {
            hl7(text, values);
        } else if (file.endsWith(".csv")) {
            csv(text, values);
        } else {
            json(text, values);
        }
        values.removeIf(v -> v.length() < MIN_LENGTH || v.chars().distinct().count() < 3);
        return values;
    }

    private static void json(String text, Set<String> values) {
        try {
            JsonNode root = SpotJson.mapper().readTree(text);
            collect(root, values);
        } catch (Exception notJson) {
            // a case that is not JSON carries no field we can name
        }
    }

    private static void collect(JsonNode node, Set<String> values) {
        if (node == null) {
            return;
        }
        if (node.isArray()) {
            node.forEach(n -> collect(n, values));
            return;
        }
        JsonNode recipient = node.path("recipient");
        for (String field : List.of("first_name", "last_name", "email", "phone")) {
            add(recipient.path(field), values);
        }
        add(recipient.path("address").path("street1"), values);
        add(node.path("patient").path("birth_date"), values);
    }

    private static void add(JsonNode value, Set<String> values) {
        if (value.isTextual()) {
            values.add(value.asText().strip());
        }
    }

    private static void csv(String text, Set<String> values) {
        String[] lines = text.split("\r?\n");
        if (lines.length < 2) {
            return;
        }
        String[] header = lines[0].split(",");
        for (int row = 1; row < lines.length; row++) {
            String[] cells = lines[row].split(",");
            for (int i = 0; i < Math.min(header.length, cells.length); i++) {
                String name = header[i].toLowerCase(Locale.ROOT);
                if (CSV_HINTS.stream().anyMatch(name::contains)) {
                    values.add(cells[i].replace("\"", "").strip());
                }
            }
        }
    }

    private static void hl7(String text, Set<String> values) {
        for (String segment : text.split("[\r\n]+")) {
            if (!segment.startsWith("PID") || segment.length() < 4) {
                continue;
            }
            String[] fields = segment.split("\\" + segment.charAt(3), -1);
            for (int f : new int[] {5, 7, 11, 13, 14}) {
                if (f < fields.length) {
                    for (String part : fields[f].split("[\\^~&]")) {
                        values.add(part.strip());
                    }
                }
            }
        }
    }
}
