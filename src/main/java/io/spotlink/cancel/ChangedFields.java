package io.spotlink.cancel;

import com.fasterxml.jackson.databind.JsonNode;
import io.spotlink.intake.CanonicalJson;
import io.spotlink.intake.CanonicalOrder;
import io.spotlink.spot.SpotJson;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/**
 * Which canonical fields differ between two orders, as dotted names ({@code recipient.address.zip},
 * {@code ordering_provider}); lists compare as a whole. Names only: the values stay where they are. Also which of
 * them Spot can take after creation: only what lives in its order metadata (the ordering provider and the
 * order's metadata: notes, the placer number's namespace); the recipient, address, tests and kit types, the
 * patient and a specimen barcode are fixed once Spot has the order.
 */
final class ChangedFields {

    private static final List<String> SPOT_CAN_CHANGE = List.of("ordering_provider", "metadata");

    private ChangedFields() {
    }

    static List<String> between(CanonicalOrder before, CanonicalOrder after) {
        TreeSet<String> changed = new TreeSet<>();
        diff("", tree(before), tree(after), changed);
        return new ArrayList<>(changed);
    }

    static boolean spotCanChange(String field) {
        return SPOT_CAN_CHANGE.stream().anyMatch(f -> field.equals(f) || field.startsWith(f + "."));
    }

    private static JsonNode tree(CanonicalOrder order) {
        try {
            return SpotJson.mapper().readTree(CanonicalJson.write(order));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a canonical order is always JSON", e);
        }
    }

    private static void diff(String path, JsonNode a, JsonNode b, TreeSet<String> into) {
        boolean aObject = a != null && a.isObject();
        boolean bObject = b != null && b.isObject();
        // metadata is one field for Spot (replaced as a whole); objects elsewhere are compared field by field
        if (aObject && bObject && !path.equals("metadata")) {
            TreeSet<String> names = new TreeSet<>();
            a.fieldNames().forEachRemaining(names::add);
            for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) {
                names.add(it.next());
            }
            for (String name : names) {
                diff(path.isEmpty() ? name : path + "." + name, a.get(name), b.get(name), into);
            }
            return;
        }
        boolean aMissing = a == null || a.isNull();
        boolean bMissing = b == null || b.isNull();
        if (aMissing && bMissing) {
            return;
        }
        if (aMissing || bMissing || !a.equals(b)) {
            into.add(path);
        }
    }
}
