package io.spotlink.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.spotlink.spot.SpotJson;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** POST and GET /api/v2/requisitions/, and GET /api/v2/requisitions/{id}: validation as Spot, then the store. */
final class SimRequisitionHandler implements SimEndpoint {

    private static final Pattern REQUISITIONS = Pattern.compile("^/api/v2/requisitions/?$");
    private static final Pattern REQUISITION = Pattern.compile("^/api/v2/requisitions/([^/]+)/?$");
    private static final Pattern STATE = Pattern.compile("[A-Z]{2}");

    private final SimRequisitions store;
    private final SpotJsonRenderer renderer;
    private final FaultInjector faults;

    SimRequisitionHandler(SimRequisitions store, SpotJsonRenderer renderer, FaultInjector faults) {
        this.store = store;
        this.renderer = renderer;
        this.faults = faults;
    }

    @Override
    public SimAnswer answer(String method, String path, Map<String, String> query, Body body, Instant now)
            throws java.io.IOException {
        if (REQUISITIONS.matcher(path).matches()) {
            return switch (method) {
                case "POST" -> create(body.read(), now);
                case "GET" -> list(query, now);
                default -> SimAnswer.notAllowed();
            };
        }
        Matcher m = REQUISITION.matcher(path);
        if (m.matches()) {
            if (!"GET".equals(method)) {
                return SimAnswer.notAllowed();
            }
            SimRequisitions.SimRequisition found = store.find(m.group(1));
            return found == null ? SimAnswer.notFound() : new SimAnswer(200, store.render(found, renderer, now));
        }
        return null;
    }

    private SimAnswer create(JsonNode body, Instant now) {
        List<String> problems = validate(body, now);
        if (!problems.isEmpty()) {
            return SimAnswer.badRequest(problems);
        }
        SimRequisitions.SimRequisition created = store.create(body, now);
        if (created == null) {
            return SimAnswer.badRequest(List.of("barcode is already in use: a barcode names one requisition"));
        }
        if (faults.afterCreate() == FaultInjector.AnswerFault.SERVER_ERROR) {
            // sim.fault.after-create.error-rate: the requisition exists, its answer is a 500
            return SimAnswer.error(500, "internal_server_error", "A server error occurred.");
        }
        return new SimAnswer(201, store.render(created, renderer, now));
    }

    private SimAnswer list(Map<String, String> query, Instant now) {
        int results;
        int offset;
        try {
            results = Integer.parseInt(query.getOrDefault("results", "10"));
            offset = Integer.parseInt(query.getOrDefault("offset", "0"));
        } catch (NumberFormatException e) {
            results = -1;
            offset = -1;
        }
        if (results < 1 || results > 100 || offset < 0) {
            return SimAnswer.badRequest(List.of("results must be 1-100 and offset >= 0"));
        }
        ArrayNode page = SpotJson.mapper().createArrayNode();
        store.all().stream()
                .filter(r -> query.get("status") == null || query.get("status").equals(SimRequisitions.statusAt(r, now)))
                .filter(r -> query.get("barcode") == null || query.get("barcode").equals(r.barcode))
                .skip(offset).limit(results).forEach(r -> page.add(store.render(r, renderer, now)));
        return new SimAnswer(200, page);
    }

    /** Spot's rules for a requisition, naming every problem. */
    static List<String> validate(JsonNode body, Instant now) {
        List<String> problems = new ArrayList<>();
        if (body == null || !body.isObject()) {
            problems.add("The request body must be a JSON object");
            return problems;
        }
        SimFields.requireString(body, "barcode", "", problems);
        JsonNode panels = body.get("panels");
        if (panels == null || panels.isNull()) {
            problems.add("The panels field is required");
        } else if (!panels.isArray() || panels.isEmpty()) {
            problems.add("panels must be a non-empty array of strings");
        } else {
            for (int i = 0; i < panels.size(); i++) {
                if (!panels.get(i).isTextual() || panels.get(i).asText().isBlank()) {
                    problems.add("panels[" + i + "] must be a string");
                }
            }
        }
        SimFields.requireString(body, "account_number", "", problems);
        SimFields.requireString(body, "lab", "", problems);
        String state = SimFields.requireString(body, "state_collected", "", problems);
        if (state != null && !STATE.matcher(state).matches()) {
            problems.add("state_collected must be a two-letter state code");
        }
        JsonNode patient = SimFields.requireObject(body, "patient", "", problems);
        if (patient != null) {
            SimFields.requireString(patient, "first_name", "patient.", problems);
            SimFields.requireString(patient, "last_name", "patient.", problems);
            SimFields.email(patient, "patient.", problems);
            SimFields.requireString(patient, "phone", "patient.", problems);
            SimFields.sex(patient, "patient.", problems);
            SimFields.birthDate(patient, "patient.", SimFields.today(now), problems);
            JsonNode address = SimFields.requireObject(patient, "address", "patient.", problems);
            if (address != null) {
                for (String field : List.of("street1", "city", "state", "zip")) {
                    SimFields.requireString(address, field, "patient.address.", problems);
                }
                SimFields.optionalString(address, "street2", "patient.address.", problems);
                SimFields.optionalString(address, "country", "patient.address.", problems);
            }
        }
        JsonNode tracking = body.get("tracking");
        if (tracking != null && !tracking.isNull()) {
            if (!tracking.isObject()) {
                problems.add("tracking must be an object or null");
            } else {
                SimFields.requireString(tracking, "tracking_number", "tracking.", problems);
                SimFields.requireString(tracking, "carrier", "tracking.", problems);
            }
        }
        SimFields.optionalObject(body, "attributes", problems);
        SimFields.optionalObject(body, "metadata", problems);
        return problems;
    }
}
