package io.spotlink.delivery;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * One place ORUs go: its name (the ledger's destination and the route id {@code oru-deliver-<name>}), its type (the
 * route template {@code oru-deliver-<type>}), the template's parameters (connection settings), its own MSH-5/MSH-6
 * (null: the {@code oru.*} defaults) and which reports it takes.
 */
public record DeliveryDestination(String name, String type, Map<String, String> parameters,
                                  String receivingApplication, String receivingFacility, DestinationFilter filter) {

    /** Names become route ids and property keys: lower-case letters and digits, words joined by dashes. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    public DeliveryDestination {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("ORU destination name '" + name
                    + "' must be lower-case letters and digits joined by dashes (e.g. sti-ehr)");
        }
        parameters = Map.copyOf(parameters);
        filter = filter == null ? DestinationFilter.ALL : filter;
    }

    /** The route that delivers to this destination, created from the template of its type. */
    public String routeId() {
        return "oru-deliver-" + name;
    }

    public String templateId() {
        return "oru-deliver-" + type;
    }
}
