package io.spotlink.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spotlink.spot.SpotJson;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * POST /api/v2/patients/ and POST /api/v2/tokens/patient_registration/. A token is JWT-shaped (HS256 with the
 * simulator's key, claims sub, kit_type, exp) and valid {@link #TOKEN_LIFETIME} on the simulator's clock.
 */
final class SimPatientHandler implements SimEndpoint {

    static final Duration TOKEN_LIFETIME = Duration.ofMinutes(10);

    /** What the simulator knows of a registration token at an instant. */
    enum TokenStatus { VALID, EXPIRED, UNKNOWN }

    private static final Pattern PATIENTS = Pattern.compile("^/api/v2/patients/?$");
    private static final Pattern TOKENS = Pattern.compile("^/api/v2/tokens/patient_registration/?$");
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final ObjectMapper json = SpotJson.mapper();
    private final Map<String, ObjectNode> patients = new ConcurrentHashMap<>();
    private final Map<String, Instant> tokenExpiry = new ConcurrentHashMap<>();
    private final Random random;
    private final byte[] signingKey;

    SimPatientHandler(long seed, String apiKey) {
        this.random = new Random(seed ^ 0x5EED_9A7L);
        this.signingKey = apiKey.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public SimAnswer answer(String method, String path, Map<String, String> query, Body body, Instant now)
            throws java.io.IOException {
        if (PATIENTS.matcher(path).matches()) {
            return "POST".equals(method) ? createPatient(body.read(), now) : SimAnswer.notAllowed();
        }
        if (TOKENS.matcher(path).matches()) {
            return "POST".equals(method) ? createToken(body.read(), now) : SimAnswer.notAllowed();
        }
        return null;
    }

    boolean patientExists(String patientId) {
        return patientId != null && patients.containsKey(patientId);
    }

    TokenStatus tokenStatus(String token, Instant now) {
        Instant expiry = token == null ? null : tokenExpiry.get(token);
        if (expiry == null) {
            return TokenStatus.UNKNOWN;
        }
        return now.isBefore(expiry) ? TokenStatus.VALID : TokenStatus.EXPIRED;
    }

    private SimAnswer createPatient(JsonNode body, Instant now) {
        if (body == null || !body.isObject()) {
            return SimAnswer.badRequest(List.of("The request body must be a JSON object"));
        }
        List<String> problems = new ArrayList<>();
        SimFields.requireString(body, "first_name", "", problems);
        SimFields.requireString(body, "last_name", "", problems);
        SimFields.email(body, "", problems);
        SimFields.sex(body, "", problems);
        SimFields.birthDate(body, "", SimFields.today(now), problems);
        SimFields.optionalString(body, "phone", "", problems);
        if (!problems.isEmpty()) {
            return SimAnswer.badRequest(problems);
        }
        ObjectNode patient = json.createObjectNode();
        patient.put("patient_id", uuid());
        for (String field : List.of("first_name", "last_name", "email", "sex", "date_of_birth", "phone")) {
            patient.set(field, body.hasNonNull(field) ? body.get(field) : null);
        }
        patient.put("created", SpotJsonRenderer.time(now));
        patients.put(patient.get("patient_id").asText(), patient);
        return new SimAnswer(201, patient);
    }

    private SimAnswer createToken(JsonNode body, Instant now) {
        if (body == null || !body.isObject()) {
            return SimAnswer.badRequest(List.of("The request body must be a JSON object"));
        }
        List<String> problems = new ArrayList<>();
        String patientId = SimFields.requireString(body, "patient_id", "", problems);
        SimFields.optionalString(body, "kit_type", "", problems);
        if (patientId != null && !patientExists(patientId)) {
            problems.add("patient_id does not name a patient of this account");
        }
        if (!problems.isEmpty()) {
            return SimAnswer.badRequest(problems);
        }
        Instant expiry = now.plus(TOKEN_LIFETIME);
        String token = sign(patientId, body.path("kit_type").asText(null), expiry);
        tokenExpiry.put(token, expiry);
        ObjectNode answer = json.createObjectNode();
        answer.put("token", token);
        return new SimAnswer(201, answer);
    }

    private String sign(String patientId, String kitType, Instant expiry) {
        ObjectNode claims = json.createObjectNode();
        claims.put("sub", patientId);
        if (kitType != null) {
            claims.put("kit_type", kitType);
        }
        claims.put("exp", expiry.getEpochSecond());
        claims.put("jti", uuid());
        String unsigned = B64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "." + B64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signingKey, "HmacSHA256"));
            return unsigned + "." + B64.encodeToString(mac.doFinal(unsigned.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private synchronized String uuid() {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }
}
