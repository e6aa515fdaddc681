package io.spotlink.retention;

/** What one run of route retention-prune does with a pruner: a pass over every store it holds, in turn. */
final class WholePass {

    private WholePass() {
    }

    static RetentionPruner.Pass of(RetentionPruner pruner) {
        RetentionPruner.Pass pass = pruner.startPass();
        pruner.storeNames().forEach(store -> pruner.prune(store, pass));
        return pruner.endPass(pass);
    }
}
