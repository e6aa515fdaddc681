package io.spotlink.soak;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** What the senders have done so far, per channel: orders handed over for good, resends, and refusals. */
final class SoakProgress {

    private final int total;
    private final Map<Channel, AtomicInteger> handedOver = new EnumMap<>(Channel.class);
    private final Map<Channel, AtomicInteger> resends = new EnumMap<>(Channel.class);
    private final Map<String, String> refused = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> retryReasons = new ConcurrentHashMap<>();
    private final Map<String, String> gaveUp = new ConcurrentHashMap<>();

    SoakProgress(int total) {
        this.total = total;
        for (Channel c : Channel.values()) {
            handedOver.put(c, new AtomicInteger());
            resends.put(c, new AtomicInteger());
        }
    }

    void handedOver(Channel channel, int orders) {
        handedOver.get(channel).addAndGet(orders);
    }

    void resent(Channel channel) {
        resends.get(channel).incrementAndGet();
    }

    /** Why an attempt was resent (an HTTP status, an ACK code, an exception's class), counted per channel. */
    void retryReason(Channel channel, String reason) {
        retryReasons.computeIfAbsent(channel + " " + reason, k -> new AtomicInteger()).incrementAndGet();
    }

    Map<String, Integer> retryReasons() {
        Map<String, Integer> copy = new java.util.TreeMap<>();
        retryReasons.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    /** The channel refused the order for good (a 400, an AE): the soak's orders are valid, so this is a finding. */
    void refused(String sourceOrderId, String why) {
        refused.put(sourceOrderId, why);
    }

    /** The sender ran out of its time limit without an answer. */
    void gaveUp(String sourceOrderId, String why) {
        gaveUp.put(sourceOrderId, why);
    }

    /** Fraction of all orders handed over, 0..1. */
    double fraction() {
        int done = handedOver.values().stream().mapToInt(AtomicInteger::get).sum();
        return total == 0 ? 1 : (double) done / total;
    }

    int handedOver(Channel channel) {
        return handedOver.get(channel).get();
    }

    int resends(Channel channel) {
        return resends.get(channel).get();
    }

    Map<String, String> refused() {
        return Map.copyOf(refused);
    }

    Map<String, String> gaveUp() {
        return Map.copyOf(gaveUp);
    }
}
