package io.spotlink.intake;

import io.spotlink.spot.model.Address;
import io.spotlink.spot.model.CreateOrder;
import io.spotlink.spot.model.Recipient;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Canonical order in, Spot CreateOrder out. The hospital's ids ride along in Spot's metadata, so the link between
 * the two survives even a lost ledger.
 */
public final class SpotOrderMapper {

    public static final String META_SOURCE_SYSTEM = "source_system";
    public static final String META_SOURCE_ORDER_ID = "source_order_id";
    public static final String META_MRN = "mrn";

    private final TestCodeMap testCodes;

    public SpotOrderMapper(TestCodeMap testCodes) {
        this.testCodes = testCodes;
    }

    /** Maps a validated order; {@code sourceSystem} is the order's own or the configured default. */
    public CreateOrder toCreateOrder(CanonicalOrder order, String sourceSystem) {
        return new CreateOrder(kitTypes(order), recipient(order.recipient()), metadata(order, sourceSystem));
    }

    /** Kit types named directly, then those of the local test codes, each once, in order. */
    public List<String> kitTypes(CanonicalOrder order) {
        Set<String> kits = new LinkedHashSet<>();
        order.kitTypes().forEach(k -> kits.add(k.trim()));
        order.testCodes().forEach(code -> kits.addAll(testCodes.kitTypes(code).orElseThrow(
                () -> new IllegalArgumentException("unmapped test code: validate the order first"))));
        return new ArrayList<>(kits);
    }

    private static Recipient recipient(Recipient r) {
        Address a = r.address();
        return new Recipient(r.firstName().trim(), r.lastName().trim(), r.email().trim(),
                r.phone().replaceAll("\\D", ""),
                new Address(a.street1().trim(), blankToNull(a.street2()), a.city().trim(),
                        a.state().trim().toUpperCase(Locale.ROOT), a.country().trim(), a.zip().trim()));
    }

    /** The order's own metadata plus the hospital's ids (source system, source order id, MRN). */
    public static Map<String, Object> metadata(CanonicalOrder order, String sourceSystem) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (order.metadata() != null) {
            metadata.putAll(order.metadata());
        }
        metadata.put(META_SOURCE_SYSTEM, sourceSystem);
        metadata.put(META_SOURCE_ORDER_ID, order.sourceOrderId());
        if (order.patient() != null && order.patient().mrn() != null) {
            metadata.put(META_MRN, order.patient().mrn());
        }
        return metadata;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
