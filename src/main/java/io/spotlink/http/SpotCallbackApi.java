package io.spotlink.http;

import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpConstants;

import com.fasterxml.jackson.databind.JsonNode;
import io.spotlink.following.CallbackTargets;
import io.spotlink.intake.IntakeJson;
import org.apache.camel.Exchange;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * POST /spot/callbacks: checks the size, the shared secret and the rate, then finds the order and kit ids in the
 * JSON (read as strictly as hospital input: one value, no duplicate keys, bounded depth). Nothing else of the payload is used: the truth is what Spot answers to the fetch that follows. Every
 * refusal is a JSON answer that names the limit, never the input.
 */
public class SpotCallbackApi {

    private static final Pattern ORDER_ID = Pattern.compile("^O\\d{4,12}$");
    private static final Pattern KIT_ID = Pattern.compile("^SPOT\\d{4,12}$");

    /** How much one callback may carry. */
    public record Limits(int maxIds, int maxBytes) {
    }

    private final byte[] secret;
    private final Limits limits;
    private final CallbackRateLimiter rate;
    private final FailedSecretLockout lockout;

    public SpotCallbackApi(String secret, Limits limits, CallbackRateLimiter rate) {
        this(secret, limits, rate, new FailedSecretLockout(10, Duration.ofMinutes(15), java.time.Clock.systemUTC()));
    }

    public SpotCallbackApi(String secret, Limits limits, CallbackRateLimiter rate, FailedSecretLockout lockout) {
        this.secret = secret == null ? new byte[0] : secret.getBytes(StandardCharsets.UTF_8);
        this.limits = limits;
        this.rate = rate;
        this.lockout = lockout;
    }

    /** The caller's IP address (no port): the unit of the lockout. */
    private static String remoteAddress(Object header) {
        if (header instanceof io.vertx.core.net.SocketAddress socket) {
            return socket.hostAddress() != null ? socket.hostAddress() : String.valueOf(socket.host());
        }
        return String.valueOf(header);
    }

    /** Leaves the ids named in the body; refuses with 413, 401, 429 or 400 (an HttpProblem, see http-errors). */
    public void accept(Exchange exchange) {
        var in = exchange.getMessage();
        Long declared = in.getHeader(Exchange.CONTENT_LENGTH, Long.class);
        if (declared != null && declared > limits.maxBytes()) {
            throw refusal(413, tooLarge(), Map.of());
        }
        String address = remoteAddress(in.getHeader(VertxPlatformHttpConstants.REMOTE_ADDRESS));
        Optional<Duration> locked = lockout.lockedFor(address);
        if (locked.isPresent()) {
            long seconds = Math.max(1, locked.get().toSeconds());
            throw refusal(429, "too many wrong callback secrets from this address; retry after " + seconds + " s",
                    Map.of("Retry-After", seconds));
        }
        if (!authorised(in.getHeader("X-Spot-Signature", String.class), in.getHeader("Authorization", String.class))) {
            lockout.failed(address);
            throw refusal(401, "missing or wrong callback secret", Map.of());
        }
        lockout.succeeded(address);
        // Counted after the secret: callers without it cannot use up Spot's own callbacks' budget.
        Optional<Duration> wait = rate.tryAcquire();
        if (wait.isPresent()) {
            long seconds = Math.max(1, (long) Math.ceil(wait.get().toMillis() / 1000.0));
            throw refusal(429, "too many callbacks: at most " + java.math.BigDecimal.valueOf(rate.perSecond())
                    .stripTrailingZeros().toPlainString() + " per second "
                    + "(spotlink.callback.rate-limit); retry after " + seconds + " s", Map.of("Retry-After", seconds));
        }
        byte[] body = in.getBody(byte[].class);
        if (body != null && body.length > limits.maxBytes()) {
            throw refusal(413, tooLarge(), Map.of());
        }
        JsonNode json;
        try {
            json = body == null || body.length == 0 ? null : IntakeJson.mapper().readTree(body);
        } catch (Exception notJson) {
            json = null;
        }
        if (json == null || json.isMissingNode()) {
            throw refusal(400, "callback body is not JSON (one JSON value, UTF-8, nested at most "
                    + IntakeJson.MAX_DEPTH + " levels)", Map.of());
        }
        Set<String> ids = new LinkedHashSet<>();
        collectIds(json, ids, limits.maxIds() + 1);
        if (ids.isEmpty()) {
            throw refusal(400, "callback names no order or kit id", Map.of());
        }
        if (ids.size() > limits.maxIds()) {
            throw refusal(400, "callback names more than " + limits.maxIds()
                    + " order or kit ids (spotlink.callback.max-ids)", Map.of());
        }
        in.removeHeaders("*");
        in.setBody(ids);
    }

    /** 202: which ids are being fetched, and which were ignored as not Spotlink's. */
    public void accepted(Exchange exchange) {
        CallbackTargets targets = exchange.getMessage().getBody(CallbackTargets.class);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("fetching", targets.fetching().keySet());
        body.put("ignored", targets.ignored());
        OrderHttpApi.json(exchange, 202, body);
    }

    private String tooLarge() {
        return "callback body too large: over " + limits.maxBytes() + " bytes (spotlink.callback.max-bytes)";
    }

    private static HttpProblem refusal(int status, String message, Map<String, Object> headers) {
        return new HttpProblem(status, Map.of("status", status, "message", message), headers);
    }

    private boolean authorised(String signature, String authorization) {
        if (secret.length == 0) {
            return false; // no secret configured: refuse everything rather than trust anyone
        }
        String presented = signature != null ? signature
                : authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : null;
        return presented != null && MessageDigest.isEqual(secret, presented.getBytes(StandardCharsets.UTF_8));
    }

    /** Order and kit ids anywhere in the JSON, stopping once {@code enough} are found. */
    private static void collectIds(JsonNode node, Set<String> ids, int enough) {
        if (node == null || ids.size() >= enough) {
            return;
        }
        if (node.isTextual()) {
            String text = node.asText().trim();
            if (ORDER_ID.matcher(text).matches() || KIT_ID.matcher(text).matches()) {
                ids.add(text);
            }
        }
        for (JsonNode child : node) {
            collectIds(child, ids, enough);
        }
    }
}
