package io.spotlink.retention;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The two clocks of one store, in whole days: its content (the PHI: bodies, message text, files) is removed after
 * {@code contentDays}, its metadata (ids, statuses, times, outcome) after {@code metadataDays}. 0 keeps it forever.
 */
public record RetentionClocks(int contentDays, int metadataDays) {

    public static final RetentionClocks KEEP = new RetentionClocks(0, 0);

    public RetentionClocks {
        if (contentDays < 0 || metadataDays < 0) {
            throw new IllegalArgumentException("retention days must be 0 (keep) or more");
        }
    }

    /** Records whose work finished before this instant lose their content; empty when content is kept. */
    public Optional<Instant> contentCutoff(Instant now) {
        return cutoff(now, contentDays);
    }

    /** Records whose work finished before this instant are removed; empty when metadata is kept. */
    public Optional<Instant> metadataCutoff(Instant now) {
        return cutoff(now, metadataDays);
    }

    private static Optional<Instant> cutoff(Instant now, int days) {
        return days == 0 ? Optional.empty() : Optional.of(now.minus(Duration.ofDays(days)));
    }
}
