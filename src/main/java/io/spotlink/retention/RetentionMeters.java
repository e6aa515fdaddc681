package io.spotlink.retention;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * spotlink_retention_pruned_total{store,kind}: records pruned (kind content or metadata) per store;
 * spotlink_retention_failures_total{store}: passes in which a store could not be pruned. No registry: nothing kept.
 */
public final class RetentionMeters {

    private final MeterRegistry registry;

    public RetentionMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    void pruned(String store, String kind, int count) {
        if (registry != null) {
            Counter.builder("spotlink.retention.pruned").description("Records pruned by retention, by store and kind")
                    .tag("store", store).tag("kind", kind).register(registry).increment(count);
        }
    }

    void failed(String store) {
        if (registry != null) {
            Counter.builder("spotlink.retention.failures").description("Retention passes in which a store failed")
                    .tag("store", store).register(registry).increment();
        }
    }
}
