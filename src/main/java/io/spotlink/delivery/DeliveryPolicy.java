package io.spotlink.delivery;

import java.time.Duration;

/** How hard to try a destination: attempts before parking, and the back-off between them. */
public record DeliveryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay, int batchSize) {

    public Duration delayAfter(int attempts) {
        long delay = initialDelay.toMillis() * (1L << Math.min(Math.max(attempts - 1, 0), 20));
        return Duration.ofMillis(Math.min(delay, maxDelay.toMillis()));
    }
}
