package io.spotlink.retention;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Java steps of route retention-prune (on the leader), which prunes one store per step: content past its clock
 * first, then metadata past its own. Each store is pruned in batches of {@code batchSize}, one short step each, the
 * next batch only while the last came back full, so no lock is held for long and other work interleaves. A store that
 * fails is logged (its name and the error's class, never content) and counted; the others go on, and the next pass
 * retries. Counts only, never content, reach the pass and the logs.
 */
public class RetentionPruner {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionPruner.class);

    /** A store and its clocks. */
    public record Retained(RetainedStore store, RetentionClocks clocks) {
    }

    /** What one pass did: records pruned and batches run, by "store/kind"; the stores that failed. */
    public static final class Pass {
        private final Instant now;
        private final Map<String, Integer> pruned = new LinkedHashMap<>();
        private final Map<String, Integer> batches = new LinkedHashMap<>();
        private final List<String> failed = new ArrayList<>();
        private final Set<String> visited = new LinkedHashSet<>();

        private Pass(Instant now) {
            this.now = now;
        }

        public Map<String, Integer> pruned() {
            return Map.copyOf(pruned);
        }

        public Map<String, Integer> batches() {
            return Map.copyOf(batches);
        }

        public List<String> failed() {
            return List.copyOf(failed);
        }

        public int pruned(String store, String kind) {
            return pruned.getOrDefault(store + "/" + kind, 0);
        }

        public int batches(String store, String kind) {
            return batches.getOrDefault(store + "/" + kind, 0);
        }

        /** Whether any record was pruned. */
        public boolean anyPruned() {
            return pruned.values().stream().anyMatch(n -> n > 0);
        }

        /** The non-zero counts, as "store/kind=n, ..." (for the log). */
        public String counts() {
            return pruned.entrySet().stream().filter(e -> e.getValue() > 0).map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(", "));
        }
    }

    @FunctionalInterface
    private interface Step {
        int run(Instant cutoff, int batch) throws Exception;
    }

    private final Map<String, Retained> stores = new LinkedHashMap<>();
    private final int batchSize;
    private final Clock clock;
    private final RetentionMeters meters;

    public RetentionPruner(List<Retained> stores, int batchSize, Clock clock, RetentionMeters meters) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("spotlink.retention.batch-size must be at least 1");
        }
        stores.forEach(r -> this.stores.put(r.store().name(), r));
        this.batchSize = batchSize;
        this.clock = clock;
        this.meters = meters;
    }

    /** The stores configured here, by name (the dead-letter queue only with JMS intake on). */
    public List<String> storeNames() {
        return List.copyOf(stores.keySet());
    }

    /** A new pass; every store's clocks are read against this instant. */
    public Pass startPass() {
        return new Pass(clock.instant());
    }

    /** Prunes one store, content then metadata; a store not configured here is skipped. Returns the pass. */
    public synchronized Pass prune(String storeName, Pass pass) {
        Retained retained = stores.get(storeName);
        if (retained == null) {
            LOG.debug("Retention: no store {} here; skipped", storeName);
            return pass;
        }
        pass.visited.add(storeName);
        try {
            prune(storeName, "content", retained.clocks().contentCutoff(pass.now), retained.store()::pruneContent,
                    pass);
            prune(storeName, "metadata", retained.clocks().metadataCutoff(pass.now), retained.store()::pruneMetadata,
                    pass);
        } catch (Exception e) {
            pass.failed.add(storeName);
            meters.failed(storeName);
            LOG.warn("Retention: pruning {} failed ({}); the next pass tries again", storeName,
                    e.getClass().getSimpleName());
        }
        return pass;
    }

    /** Ends the pass: warns of every store configured here that no step of the route pruned. Returns the pass. */
    public Pass endPass(Pass pass) {
        stores.keySet().stream().filter(name -> !pass.visited.contains(name)).forEach(name -> LOG.warn(
                "Retention: store {} has no step in route retention-prune; its data is not pruned", name));
        return pass;
    }

    private void prune(String store, String kind, Optional<Instant> cutoff, Step step, Pass pass) throws Exception {
        if (cutoff.isEmpty()) {
            return; // 0 days: kept
        }
        String key = store + "/" + kind;
        int n;
        do {
            n = step.run(cutoff.get(), batchSize);
            pass.pruned.merge(key, n, Integer::sum);
            pass.batches.merge(key, 1, Integer::sum);
            meters.pruned(store, kind, n);
        } while (n >= batchSize);
    }
}
