package io.spotlink.spot.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.spotlink.spot.SpotJson;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * A one-time patient registration token (JWT-like, valid 10 minutes). A secret for its lifetime: never log it.
 */
public record RegistrationToken(String token) {

    /** The token's "exp" claim when it is a readable JWT; empty otherwise (the token stays usable as it is). */
    public Optional<Instant> expiresAt() {
        if (token == null) {
            return Optional.empty();
        }
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            JsonNode claims = SpotJson.mapper().readTree(new String(Base64.getUrlDecoder().decode(parts[1]),
                    StandardCharsets.UTF_8));
            JsonNode exp = claims.path("exp");
            return exp.canConvertToLong() ? Optional.of(Instant.ofEpochSecond(exp.asLong())) : Optional.empty();
        } catch (java.io.IOException | IllegalArgumentException unreadable) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "RegistrationToken[***]";
    }
}
