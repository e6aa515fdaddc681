package io.spotlink.retention;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One pass of retention over every store (route retention-prune, on the leader): content past its clock first, then
 * metadata past its own. Each store is pruned in batches of {@code batchSize}, one short step each, the next batch
 * only while the last came back full, so no lock is held for long and other work interleaves. A store that fails is
 * logged (its name and the error's class, never content) and counted; the others go on, and the next pass retries.
 * Logs counts only.
 */
public class RetentionPruner {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionPruner.class);

    /** A store and its clocks. */
    public record Retained(RetainedStore store, RetentionClocks clocks) {
    }

    /** What one pass did: records pruned and batches run, by "store/kind"; the stores that failed. */
    public record Pass(Map<String, Integer> pruned, Map<String, Integer> batches, List<String> failed) {

        public int pruned(String store, String kind) {
            return pruned.getOrDefault(store + "/" + kind, 0);
        }

        public int batches(String store, String kind) {
            return batches.getOrDefault(store + "/" + kind, 0);
        }
    }

    @FunctionalInterface
    private interface Step {
        int run(Instant cutoff, int batch) throws Exception;
    }

    private final List<Retained> stores;
    private final int batchSize;
    private final Clock clock;
    private final RetentionMeters meters;

    public RetentionPruner(List<Retained> stores, int batchSize, Clock clock, RetentionMeters meters) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("spotlink.retention.batch-size must be at least 1");
        }
        this.stores = List.copyOf(stores);
        this.batchSize = batchSize;
        this.clock = clock;
        this.meters = meters;
    }

    public synchronized Pass pruneOnce() {
        Instant now = clock.instant();
        Map<String, Integer> pruned = new LinkedHashMap<>();
        Map<String, Integer> batches = new LinkedHashMap<>();
        List<String> failed = new ArrayList<>();
        for (Retained retained : stores) {
            RetainedStore store = retained.store();
            try {
                prune(store.name(), "content", retained.clocks().contentCutoff(now), store::pruneContent, pruned,
                        batches);
                prune(store.name(), "metadata", retained.clocks().metadataCutoff(now), store::pruneMetadata, pruned,
                        batches);
            } catch (Exception e) {
                failed.add(store.name());
                meters.failed(store.name());
                LOG.warn("Retention: pruning {} failed ({}); the next pass tries again", store.name(),
                        e.getClass().getSimpleName());
            }
        }
        Pass pass = new Pass(Map.copyOf(pruned), Map.copyOf(batches), List.copyOf(failed));
        String counts = pruned.entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> e.getKey() + "=" + e.getValue()).collect(java.util.stream.Collectors.joining(", "));
        if (!counts.isEmpty()) {
            LOG.info("Retention: pruned {}", counts);
        } else {
            LOG.debug("Retention: nothing to prune");
        }
        return pass;
    }

    private void prune(String store, String kind, Optional<Instant> cutoff, Step step, Map<String, Integer> pruned,
                       Map<String, Integer> batches) throws Exception {
        if (cutoff.isEmpty()) {
            return; // 0 days: kept
        }
        String key = store + "/" + kind;
        int n;
        do {
            n = step.run(cutoff.get(), batchSize);
            pruned.merge(key, n, Integer::sum);
            batches.merge(key, 1, Integer::sum);
            meters.pruned(store, kind, n);
        } while (n >= batchSize);
    }
}
