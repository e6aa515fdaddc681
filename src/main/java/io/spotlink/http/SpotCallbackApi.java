package io.spotlink.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.spotlink.spot.SpotJson;
import org.apache.camel.Exchange;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * POST /spot/callbacks: checks the shared secret, finds any order or kit id in the JSON and asks for an immediate
 * fetch of it. Nothing else of the payload is used: the truth is what Spot answers to that fetch.
 */
public class SpotCallbackApi {

    private static final Pattern ORDER_ID = Pattern.compile("^O\\d{4,12}$");
    private static final Pattern KIT_ID = Pattern.compile("^SPOT\\d{4,12}$");

    private final byte[] secret;

    public SpotCallbackApi(String secret) {
        this.secret = secret == null ? new byte[0] : secret.getBytes(StandardCharsets.UTF_8);
    }

    /** Validates and sets the body to the ids found; answers 401 or 400 itself and then stops the route. */
    public void accept(Exchange exchange) throws Exception {
        var in = exchange.getMessage();
        if (!authorised(in.getHeader("X-Spot-Signature", String.class), in.getHeader("Authorization", String.class))) {
            OrderHttpApi.json(exchange, 401, Map.of("message", "missing or wrong callback secret"));
            exchange.setRouteStop(true);
            return;
        }
        Set<String> ids = new LinkedHashSet<>();
        try {
            collectIds(SpotJson.mapper().readTree(in.getBody(String.class)), ids);
        } catch (Exception notJson) {
            OrderHttpApi.json(exchange, 400, Map.of("message", "callback body is not JSON"));
            exchange.setRouteStop(true);
            return;
        }
        if (ids.isEmpty()) {
            OrderHttpApi.json(exchange, 400, Map.of("message", "callback names no order or kit id"));
            exchange.setRouteStop(true);
            return;
        }
        in.removeHeaders("*");
        in.setBody(ids);
    }

    public void accepted(Exchange exchange) throws Exception {
        @SuppressWarnings("unchecked")
        Set<String> ids = exchange.getMessage().getBody(Set.class);
        OrderHttpApi.json(exchange, 202, Map.of("fetching", ids));
    }

    private boolean authorised(String signature, String authorization) {
        if (secret.length == 0) {
            return false; // no secret configured: refuse everything rather than trust anyone
        }
        String presented = signature != null ? signature
                : authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : null;
        return presented != null && MessageDigest.isEqual(secret, presented.getBytes(StandardCharsets.UTF_8));
    }

    private static void collectIds(JsonNode node, Set<String> ids) {
        if (node == null) {
            return;
        }
        if (node.isTextual()) {
            String text = node.asText().trim();
            if (ORDER_ID.matcher(text).matches() || KIT_ID.matcher(text).matches()) {
                ids.add(text);
            }
        }
        node.forEach(child -> collectIds(child, ids));
    }
}
