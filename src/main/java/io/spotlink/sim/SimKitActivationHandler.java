package io.spotlink.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spotlink.spot.SpotJson;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * POST /api/v3/kits/{id}/activate/: registers a kit to a known patient ({@code patient_id}) or to a person given in
 * full; {@code research_consent} is required. A kit is activated once.
 */
final class SimKitActivationHandler implements SimEndpoint {

    private static final Pattern ACTIVATE = Pattern.compile("^/api/v3/kits/([^/]+)/activate/?$");
    private static final List<String> PERSON = List.of("first_name", "last_name", "street1", "city", "state", "zip",
            "phone");

    private final OrderStore store;
    private final Predicate<String> patientExists;
    private final Set<String> activated = ConcurrentHashMap.newKeySet();

    SimKitActivationHandler(OrderStore store, Predicate<String> patientExists) {
        this.store = store;
        this.patientExists = patientExists;
    }

    @Override
    public SimAnswer answer(String method, String path, Map<String, String> query, Body body, Instant now)
            throws java.io.IOException {
        Matcher m = ACTIVATE.matcher(path);
        if (!m.matches()) {
            return null;
        }
        if (!"POST".equals(method)) {
            return SimAnswer.notAllowed();
        }
        SimKit kit = store.kit(m.group(1));
        if (kit == null || now.isBefore(kit.created)) {
            return SimAnswer.notFound();
        }
        JsonNode request = body.read();
        List<String> problems = validate(request, now);
        if (!problems.isEmpty()) {
            return SimAnswer.badRequest(problems);
        }
        if (!activated.add(kit.kitId)) {
            return SimAnswer.badRequest(List.of("This kit is already activated"));
        }
        ObjectNode answer = SpotJson.mapper().createObjectNode();
        answer.putObject("data").put("result", "success");
        return new SimAnswer(200, answer);
    }

    private List<String> validate(JsonNode body, Instant now) {
        List<String> problems = new ArrayList<>();
        if (body == null || !body.isObject()) {
            problems.add("The request body must be a JSON object");
            return problems;
        }
        JsonNode consent = body.get("research_consent");
        if (consent == null || consent.isNull()) {
            problems.add("The research_consent field is required");
        } else if (!consent.isBoolean()) {
            problems.add("research_consent must be true or false");
        }
        if (body.hasNonNull("patient_id")) {
            String patientId = SimFields.requireString(body, "patient_id", "", problems);
            if (patientId != null && !patientExists.test(patientId)) {
                problems.add("patient_id does not name a patient of this account");
            }
            return problems;
        }
        PERSON.forEach(field -> SimFields.requireString(body, field, "", problems));
        SimFields.optionalString(body, "street2", "", problems);
        SimFields.email(body, "", problems);
        SimFields.sex(body, "", problems);
        SimFields.birthDate(body, "", SimFields.today(now), problems);
        return problems;
    }
}
