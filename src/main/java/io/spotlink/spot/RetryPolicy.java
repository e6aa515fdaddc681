package io.spotlink.spot;

import java.time.Duration;

/**
 * Bounded exponential back-off: initialDelay, doubled per attempt, capped at maxDelay. A Retry-After from Spot
 * is honoured when it is longer than the back-off (but never beyond maxDelay, so a bad header cannot stall us).
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    /** Delay before attempt {@code attempt + 1}, after {@code attempt} failed attempts (1-based). */
    public Duration delayAfter(int attempt, Duration retryAfter) {
        long backoff = initialDelay.toMillis() * (1L << Math.min(attempt - 1, 20));
        long wanted = Math.max(backoff, retryAfter == null ? 0 : retryAfter.toMillis());
        return Duration.ofMillis(Math.min(wanted, maxDelay.toMillis()));
    }
}
