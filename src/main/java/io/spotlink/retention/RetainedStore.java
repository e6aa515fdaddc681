package io.spotlink.retention;

import java.time.Instant;

/**
 * One place that holds message content. Each call prunes at most {@code batch} records in one short step (one
 * statement or one short transaction, one JMS transaction, a few files) and returns how many it took, so the pruner
 * never holds a lock for long: it calls again while a batch came back full.
 */
public interface RetainedStore {

    /** The store's name: its settings (spotlink.retention.<name>.*), its archive files and its metric tag. */
    String name();

    /** Removes the content of at most {@code batch} finished records whose work ended before {@code cutoff}. */
    int pruneContent(Instant cutoff, int batch) throws Exception;

    /** Removes at most {@code batch} finished records whose work ended before {@code cutoff}; 0 when it has none. */
    default int pruneMetadata(Instant cutoff, int batch) throws Exception {
        return 0;
    }
}
