package io.spotlink.sim;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * Holds the simulated orders and plans each kit's lifecycle when its order is created. Everything random comes
 * from one seeded Random, in creation order, so a seed replays the same ids and results.
 */
final class OrderStore {

    private final Map<String, SimOrder> orders = new LinkedHashMap<>();
    private final Map<String, SimKit> kits = new LinkedHashMap<>();
    private final Set<String> usedIds = new HashSet<>();
    private final Random random;
    private final SimulatorConfig config;

    OrderStore(SimulatorConfig config) {
        this.config = config;
        this.random = new Random(config.seed());
    }

    synchronized SimOrder create(JsonNode body, Instant now) {
        List<String> kitTypes = new ArrayList<>();
        body.get("kit_types").forEach(k -> kitTypes.add(k.asText()));
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = body.hasNonNull("metadata")
                ? io.spotlink.spot.SpotJson.mapper().convertValue(body.get("metadata"), Map.class) : null;
        Duration step = config.stageDuration();
        SimOrder order = new SimOrder(uniqueId("O", 7), now, body.get("recipient").deepCopy(), kitTypes, metadata,
                now.plus(step));
        for (String kitType : kitTypes) {
            SimKit kit = planKit(kitType, order, now, step);
            order.kits.add(kit);
            kits.put(kit.kitId, kit);
        }
        orders.put(order.orderId, order);
        planExceptions(order, now.plus(step.multipliedBy(5).dividedBy(2)), step);
        return order;
    }

    /**
     * Draws the shares of sim.exception.*: the whole order canceled once its kits are out (at {@code canceledAt}), or
     * each kit failing at its step (with a replacement kit when configured). Nothing is drawn when no share is set.
     */
    private void planExceptions(SimOrder order, Instant canceledAt, Duration step) {
        SimExceptions exceptions = config.exceptions();
        if (!exceptions.any()) {
            return;
        }
        if (random.nextDouble() < exceptions.orderCanceled()) {
            cancel(order, canceledAt);
            return;
        }
        for (SimKit kit : List.copyOf(order.kits)) {
            SimFailure failure = exceptions.kitFailure(random.nextDouble());
            if (failure != null) {
                // half a stage after its step: never at the same instant as a planned step
                Instant at = kit.timeOf(failure.afterSubject, failure.afterStatus).plus(step.dividedBy(2));
                fail(kit, failure, at, exceptions.replacement());
            }
        }
    }

    /** Spot cancels the order at {@code at}: every kit not done by then is canceled and never results. */
    synchronized void cancel(SimOrder order, Instant at) {
        order.canceledAt = at;
        for (SimKit kit : order.kits) {
            if (kit.resultedAt().isAfter(at)) {
                kit.interrupt("KIT", "canceled", at);
            }
        }
    }

    /** The kit (or its sample) fails at {@code at}; Spot sends a new kit of the same type when asked to. */
    synchronized void fail(SimKit kit, SimFailure failure, Instant at, boolean replacement) {
        kit.interrupt(failure.subject, failure.status, at);
        if (replacement && failure.replaced) {
            SimOrder order = orderOf(kit);
            // its first step (preparing) at the failure: it appears in the order from then on
            SimKit next = planKit(kit.kitType, order, at.minus(config.stageDuration()), config.stageDuration());
            order.kits.add(next);
            kits.put(next.kitId, next);
        }
    }

    private SimKit planKit(String kitType, SimOrder order, Instant start, Duration step) {
        ResultCatalogue.KitProfile profile = ResultCatalogue.profile(kitType);
        Map<String, Object> meta = order.metadata == null ? Map.of() : order.metadata;
        String birthDate = meta.containsKey("patient_birth_date") ? String.valueOf(meta.get("patient_birth_date"))
                : LocalDate.of(1950 + random.nextInt(50), 1 + random.nextInt(12), 1 + random.nextInt(28)).toString();
        String sex = meta.containsKey("patient_sex") ? String.valueOf(meta.get("patient_sex"))
                : random.nextBoolean() ? "F" : "M";
        boolean extraChecks = random.nextDouble() < config.extraChecksRate();
        boolean partial = random.nextDouble() < config.partialRate();
        boolean amended = random.nextDouble() < config.amendmentRate();
        SimKit kit = new SimKit(uniqueId("SPOT", 6), kitType, uniqueId("SPOT", 6), profile,
                ResultCatalogue.draw(profile, random), uuid(), amended ? uuid() : null, uuid(), birthDate, sex,
                "9400" + digits(18), "9400" + digits(18), start.plus(step));
        int t = 1;
        add(kit, "KIT", "preparing", start, step, t);
        add(kit, "SAMPLE", "awaiting_collection", start, step, t);
        add(kit, "KIT", "in_transit", start, step, ++t);
        add(kit, "KIT", "delivered", start, step, ++t);
        add(kit, "KIT", "registered", start, step, ++t);
        add(kit, "SAMPLE", "in_transit", start, step, ++t);
        add(kit, "SAMPLE", "delivered", start, step, ++t);
        add(kit, "SAMPLE", "received", start, step, ++t);
        if (extraChecks) {
            add(kit, "SAMPLE", "extra_quality_checks", start, step, ++t);
        }
        if (partial) {
            add(kit, "SAMPLE", "partially_resulted", start, step, ++t);
        }
        add(kit, "SAMPLE", "resulted", start, step, ++t);
        if (amended) {
            add(kit, "REPORT", "amended", start, step, ++t);
        }
        return kit;
    }

    private static void add(SimKit kit, String subject, String status, Instant start, Duration step, int n) {
        kit.plan.add(new SimKit.Step(subject, status, start.plus(step.multipliedBy(n))));
    }

    synchronized SimOrder order(String id) {
        return orders.get(id);
    }

    synchronized SimKit kit(String id) {
        return kits.get(id);
    }

    synchronized SimOrder orderOf(SimKit kit) {
        return orders.values().stream().filter(o -> o.kits.contains(kit)).findFirst().orElseThrow();
    }

    synchronized List<SimOrder> orders() {
        return List.copyOf(orders.values());
    }

    synchronized List<SimKit> kits() {
        return List.copyOf(kits.values());
    }

    synchronized int orderCount() {
        return orders.size();
    }

    /**
     * Shaped like Spot's ids while that shape has room; one digit longer after 100 draws that were all taken, so a
     * run of a million orders (two 6-digit kit and sample ids each) never runs out of ids.
     */
    private String uniqueId(String prefix, int digits) {
        String id;
        int width = digits;
        int draws = 0;
        do {
            if (++draws % 100 == 0) {
                width++;
            }
            id = prefix + digits(width);
        } while (!usedIds.add(id));
        return id;
    }

    private String digits(int count) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < count; i++) {
            s.append(random.nextInt(10));
        }
        return s.toString();
    }

    private String uuid() {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }
}
