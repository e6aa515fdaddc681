package io.spotlink.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.SplittableRandom;

/**
 * The shapes Spot's answers may take that a reader written from the happy path trips on (setting sim.variants):
 * null entries in reports[], a result of a type Spotlink does not know, statuses outside the published lists,
 * numbers written as text, fields Spot may add later, and nullable fields left out. Each choice is drawn from the
 * seed and the kit's (or order's) id, so a run repeats exactly and about half the kits carry each variant.
 * Kits stay objects (Spot's document does not allow null in kits[]), and results get no extra fields (a result must
 * match exactly one of the document's result schemas, which a strict validator reads as closed).
 */
final class SpotVariants {

    /** Intermediate statuses replaced by one the client does not know; end states are never replaced. */
    private static final Map<String, String> ORDER_STATUS = Map.of("in_progress", "processing");
    private static final Map<String, String> KIT_STATUS = Map.of("preparing", "pending",
            "delivered", "out_for_delivery");
    private static final Map<String, String> SAMPLE_STATUS = Map.of("received", "in_lab",
            "in_transit", "in_transit_to_lab");

    private final long seed;

    SpotVariants(long seed) {
        this.seed = seed;
    }

    /** A deterministic coin for one id and one variant. */
    boolean pick(String id, String variant) {
        return new SplittableRandom(seed * 31 + (id + "/" + variant).hashCode()).nextBoolean();
    }

    String orderStatus(SimOrder order, String status) {
        return pick(order.orderId, "status") ? ORDER_STATUS.getOrDefault(status, status) : status;
    }

    String kitStatus(String kitId, String status) {
        return pick(kitId, "kit-status") ? KIT_STATUS.getOrDefault(status, status) : status;
    }

    String sampleStatus(String kitId, String status) {
        return pick(kitId, "sample-status") ? SAMPLE_STATUS.getOrDefault(status, status) : status;
    }

    boolean leaveOut(String id, String field) {
        return pick(id, "leave-out-" + field);
    }

    boolean numberAsText(String kitId, String resultName) {
        return pick(kitId + resultName, "number-as-text");
    }

    void extraFields(ObjectNode node, String id) {
        if (pick(id, "extra")) {
            node.put("lab_reference", "LR-" + Integer.toHexString(id.hashCode()));
            ObjectNode later = node.putObject("added_later");
            later.putArray("values").add(1).add("two").addNull();
        }
    }

    /** Reports may hold null entries (Report is nullable in Spot's document). */
    void nullReport(ArrayNode reports, String kitId) {
        if (!reports.isEmpty() && pick(kitId, "null-report")) {
            reports.insertNull(0);
        }
    }

    /** A result whose result_type is none of quantity, reactivity or genotype. */
    void unknownResultType(ArrayNode results, String kitId, String collected) {
        if (pick(kitId, "unknown-result-type")) {
            ObjectNode result = results.addObject();
            result.put("result_type", "titer");
            result.put("name", "Measles IgG titer");
            result.put("time_collected", collected);
            result.put("result", "1:160");
            result.putNull("unit_of_measure");
            result.putNull("comments");
        }
    }
}
