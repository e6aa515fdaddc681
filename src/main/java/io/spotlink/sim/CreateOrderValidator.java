package io.spotlink.sim;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Checks a create-order body against Spot's CreateOrder schema (seeds/004), naming every problem. */
final class CreateOrderValidator {

    private static final Set<String> COUNTRIES = Set.of("US", "CA");

    private CreateOrderValidator() {
    }

    static List<String> validate(JsonNode body) {
        List<String> problems = new ArrayList<>();
        if (body == null || !body.isObject()) {
            problems.add("The request body must be a JSON object");
            return problems;
        }
        JsonNode kitTypes = body.get("kit_types");
        if (kitTypes == null || kitTypes.isNull()) {
            problems.add("The kit_types field is required");
        } else if (!kitTypes.isArray()) {
            problems.add("kit_types must be an array of strings");
        } else if (kitTypes.isEmpty()) {
            problems.add("kit_types must not be empty");
        } else {
            for (int i = 0; i < kitTypes.size(); i++) {
                if (!kitTypes.get(i).isTextual()) {
                    problems.add("kit_types[" + i + "] must be a string");
                }
            }
        }
        JsonNode recipient = body.get("recipient");
        if (recipient == null || recipient.isNull()) {
            problems.add("The recipient field is required");
        } else if (!recipient.isObject()) {
            problems.add("recipient must be an object");
        } else {
            for (String field : List.of("first_name", "last_name", "email", "phone")) {
                requireString(recipient, field, "recipient.", problems);
            }
            JsonNode address = recipient.get("address");
            if (address == null || address.isNull()) {
                problems.add("The recipient.address field is required");
            } else if (!address.isObject()) {
                problems.add("recipient.address must be an object");
            } else {
                for (String field : List.of("street1", "city", "state", "country", "zip")) {
                    requireString(address, field, "recipient.address.", problems);
                }
                JsonNode street2 = address.get("street2");
                if (street2 != null && !street2.isNull() && !street2.isTextual()) {
                    problems.add("recipient.address.street2 must be a string or null");
                }
                JsonNode country = address.get("country");
                if (country != null && country.isTextual() && !COUNTRIES.contains(country.asText())) {
                    problems.add("recipient.address.country must be one of US, CA");
                }
            }
        }
        JsonNode metadata = body.get("metadata");
        if (metadata != null && !metadata.isNull() && !metadata.isObject()) {
            problems.add("metadata must be an object or null");
        }
        return problems;
    }

    private static void requireString(JsonNode parent, String field, String prefix, List<String> problems) {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull() || (value.isTextual() && value.asText().isBlank())) {
            problems.add("The " + prefix + field + " field is required");
        } else if (!value.isTextual()) {
            problems.add(prefix + field + " must be a string");
        }
    }
}
