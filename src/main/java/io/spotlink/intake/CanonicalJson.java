package io.spotlink.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.spotlink.spot.SpotJson;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Canonical orders as stored in the ledger: stable JSON (sorted keys) and its SHA-256, to spot changed repeats. */
public final class CanonicalJson {

    private static final ObjectMapper STABLE = JsonMapper.builder(SpotJson.mapper().getFactory())
            .propertyNamingStrategy(SpotJson.mapper().getPropertyNamingStrategy())
            .serializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private CanonicalJson() {
    }

    public static String write(CanonicalOrder order) {
        try {
            return STABLE.writeValueAsString(order);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise a canonical order", e);
        }
    }

    public static CanonicalOrder read(String json) {
        try {
            return SpotJson.mapper().readValue(json, CanonicalOrder.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not a canonical order", e);
        }
    }

    public static String sha256(String json) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
