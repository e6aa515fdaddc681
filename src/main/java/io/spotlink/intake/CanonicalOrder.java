package io.spotlink.intake;

import io.spotlink.spot.model.Recipient;

import java.util.List;
import java.util.Map;

/**
 * The one order shape every intake channel (HTTP, JMS, SFTP, MLLP) produces and {@code order-submit} consumes:
 * Spot's CreateOrder fields plus the hospital's identifiers. Field names on the wire are snake_case.
 *
 * @param sourceOrderId     the hospital's placer order number (required; the idempotency key with sourceSystem)
 * @param sourceSystem      the sending system; the configured default when absent
 * @param testCodes         local test codes, mapped to Spot kit types through config/test-codes.properties
 * @param kitTypes          Spot kit types given directly (optional when testCodes are given)
 * @param recipient         the person the kits ship to (Spot's Recipient)
 * @param patient           the hospital's patient identifiers
 * @param orderingProvider  who ordered the test
 * @param metadata          free key-value pairs passed on to Spot
 * @param specimenBarcode   the barcode of a kit collected in the clinic (optional); with spotlink.requisitions.enabled
 *                          the order becomes a Spot requisition instead of a Spot order
 */
public record CanonicalOrder(String sourceOrderId, String sourceSystem, List<String> testCodes, List<String> kitTypes,
                             Recipient recipient, Patient patient, Provider orderingProvider,
                             Map<String, Object> metadata, String specimenBarcode) {

    /** Metadata key of the placer number's namespace (ORC-2.2 of an ORM), echoed in the result's ORC-2/OBR-2. */
    public static final String PLACER_NAMESPACE = "placer_namespace";

    /**
     * Identifiers are compared as the hospital means them: leading and trailing white space is not part of an id
     * ("H-ID3 " is H-ID3), while case and inner characters are. Test codes and kit types are trimmed the same way.
     */
    public CanonicalOrder {
        sourceOrderId = strip(sourceOrderId);
        sourceSystem = strip(sourceSystem);
        testCodes = testCodes == null ? null : testCodes.stream().map(CanonicalOrder::strip).toList();
        kitTypes = kitTypes == null ? null : kitTypes.stream().map(CanonicalOrder::strip).toList();
        specimenBarcode = strip(specimenBarcode);
    }

    /** An order without a specimen barcode (a kit Spot ships). */
    public CanonicalOrder(String sourceOrderId, String sourceSystem, List<String> testCodes, List<String> kitTypes,
                          Recipient recipient, Patient patient, Provider orderingProvider,
                          Map<String, Object> metadata) {
        this(sourceOrderId, sourceSystem, testCodes, kitTypes, recipient, patient, orderingProvider, metadata, null);
    }

    /** The hospital's identifiers of the patient. */
    public record Patient(String mrn, String birthDate, String sex) {
        public Patient {
            mrn = strip(mrn);
            birthDate = strip(birthDate);
            sex = strip(sex);
        }
    }

    /** The ordering provider: an id (NPI or local) and a name. */
    public record Provider(String id, String familyName, String givenName) {
    }

    private static String strip(String value) {
        return value == null ? null : value.strip();
    }

    public List<String> testCodes() {
        return testCodes == null ? List.of() : testCodes;
    }

    public List<String> kitTypes() {
        return kitTypes == null ? List.of() : kitTypes;
    }
}
