package io.spotlink.retention;

import io.spotlink.support.LogCapture;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The steps route retention-prune runs, one store each: batches until one comes back short, a failing store counted
 * while the next step goes on, a store the route does not name skipped, and a configured store that no step pruned
 * named in a warning at the end of the pass.
 */
class RetentionPrunerStepsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-02T10:00:00Z"), ZoneOffset.UTC);

    /** A store with {@code records} content records to prune, or one that fails. */
    private static final class Store implements RetainedStore {
        private final String name;
        private final boolean fails;
        private int records;
        final List<Integer> batches = new ArrayList<>();

        Store(String name, int records, boolean fails) {
            this.name = name;
            this.records = records;
            this.fails = fails;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int pruneContent(Instant cutoff, int batch) throws IOException {
            if (fails) {
                throw new IOException("disk gone");
            }
            int n = Math.min(batch, records);
            records -= n;
            batches.add(n);
            return n;
        }
    }

    @Test
    void eachStepPrunesItsStoreInBatchesAndAFailureLeavesTheNextStepsGoing() {
        Store orders = new Store("orders", 5, false);
        Store broken = new Store("outbox", 0, true);
        Store forgotten = new Store("dead-letters", 3, false);
        RetentionPruner pruner = new RetentionPruner(List.of(new RetentionPruner.Retained(orders,
                new RetentionClocks(30, 0)), new RetentionPruner.Retained(broken, new RetentionClocks(30, 0)),
                new RetentionPruner.Retained(forgotten, new RetentionClocks(30, 0))), 2, CLOCK,
                new RetentionMeters(null));

        try (LogCapture logs = LogCapture.atDebug()) {
            RetentionPruner.Pass pass = pruner.startPass();
            pruner.prune("outbox", pass);
            pruner.prune("orders", pass);
            pruner.prune("intake-files", pass); // not configured here
            pruner.endPass(pass);

            assertThat(pass.failed()).containsExactly("outbox");
            assertThat(orders.batches).as("full batches, then the short one").containsExactly(2, 2, 1);
            assertThat(pass.pruned("orders", "content")).isEqualTo(5);
            assertThat(pass.batches("orders", "content")).isEqualTo(3);
            assertThat(pass.counts()).isEqualTo("orders/content=5");
            assertThat(pass.anyPruned()).isTrue();
            assertThat(forgotten.batches).as("no step named it").isEmpty();
            assertThat(logs.lines()).anyMatch(l -> l.contains("store dead-letters has no step in route "
                    + "retention-prune")).anyMatch(l -> l.contains("pruning outbox failed (IOException)"))
                    .noneMatch(l -> l.contains("disk gone"));
        }
    }

    @Test
    void aPassThatPrunedNothingSaysSo() {
        RetentionPruner pruner = new RetentionPruner(List.of(new RetentionPruner.Retained(
                new Store("orders", 0, false), new RetentionClocks(30, 0))), 2, CLOCK, new RetentionMeters(null));
        RetentionPruner.Pass pass = pruner.endPass(pruner.prune("orders", pruner.startPass()));
        assertThat(pass.anyPruned()).isFalse();
        assertThat(pass.counts()).isEmpty();
        assertThat(pass.batches("orders", "content")).isEqualTo(1);
    }
}
