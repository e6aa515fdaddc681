package io.spotlink.http.auth;

import io.spotlink.http.HttpProblem;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Set;

/**
 * The first step of every HTTP route but health and Spot's callback: the caller's API key (Authorization: Bearer,
 * or X-API-Key) must be configured with the role the route needs. 401 without a known key, 403 without the role,
 * both as JSON through http-errors. The key headers are removed at once, so no later step (a Spot call, a log)
 * can carry them on.
 */
public final class ApiKeyAuth {

    /** The roles of the caller, for routes that show more to some roles (a Set of Role). */
    public static final String ROLES_HEADER = "SpotlinkCallerRoles";
    /** The name of the caller's API key (an id, never the key), e.g. who asked for a cancel. */
    public static final String CALLER_HEADER = "SpotlinkCallerName";
    private static final Logger LOG = LoggerFactory.getLogger(ApiKeyAuth.class);

    private final ApiKeys keys;
    private final boolean enabled;

    public ApiKeyAuth(ApiKeys keys, boolean enabled) {
        this.keys = keys;
        this.enabled = enabled;
    }

    public void require(String role, Exchange exchange) {
        Role needed = Role.of(role);
        var in = exchange.getMessage();
        String presented = presentedKey(in.getHeader("Authorization", String.class),
                in.getHeader("X-API-Key", String.class));
        in.removeHeader("Authorization");
        in.removeHeader("X-API-Key");
        if (!enabled) {
            in.setHeader(ROLES_HEADER, Set.of(Role.values()));
            return;
        }
        if (presented == null) {
            throw new HttpProblem(401, Map.of("message", "an API key is required (Authorization: Bearer <key>)"),
                    Map.of("WWW-Authenticate", "Bearer"));
        }
        ApiKeys.Entry entry = keys.find(presented).orElseThrow(() -> new HttpProblem(401,
                Map.of("message", "unknown API key"), Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\"")));
        if (entry.roles().stream().noneMatch(r -> r.grants(needed))) {
            LOG.info("API key '{}' refused: it lacks the role {}", entry.name(), needed);
            throw HttpProblem.of(403, "this API key lacks the role " + needed.name().toLowerCase());
        }
        in.setHeader(ROLES_HEADER, Set.copyOf(entry.roles()));
        in.setHeader(CALLER_HEADER, entry.name());
    }

    /** Whether the caller (after {@link #require}) holds the role. */
    public static boolean has(Exchange exchange, Role role) {
        Object roles = exchange.getMessage().getHeader(ROLES_HEADER);
        return roles instanceof Set<?> set && set.stream().anyMatch(r -> r instanceof Role held && held.grants(role));
    }

    private static String presentedKey(String authorization, String apiKeyHeader) {
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String key = authorization.substring(7).strip();
            return key.isEmpty() ? null : key;
        }
        return apiKeyHeader == null || apiKeyHeader.isBlank() ? null : apiKeyHeader.strip();
    }
}
