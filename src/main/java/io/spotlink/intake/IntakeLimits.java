package io.spotlink.intake;

import java.util.Set;

/**
 * Field limits of a canonical order, from config (spotlink.intake.limits.*). Spot's own limits are unpublished;
 * these follow what address labels, e-mail (RFC 5321: 254) and HL7 field lengths allow.
 *
 * @param name         first and last names, provider names
 * @param email        recipient e-mail
 * @param phone        recipient phone, as written
 * @param street       street lines
 * @param city         city
 * @param identifier   source_order_id and other hospital ids
 * @param tests        test codes plus kit types in one order
 * @param metadataKeys entries of metadata
 * @param metadataText a metadata key or text value
 * @param extraKitTypes Spot kit types accepted besides those config/test-codes.properties maps to
 */
public record IntakeLimits(int name, int email, int phone, int street, int city, int identifier, int tests,
                           int metadataKeys, int metadataText, Set<String> extraKitTypes) {

    public static IntakeLimits defaults() {
        return new IntakeLimits(100, 254, 32, 200, 100, 128, 20, 20, 500, Set.of());
    }
}
