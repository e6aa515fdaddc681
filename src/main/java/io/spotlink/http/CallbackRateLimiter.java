package io.spotlink.http;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * A token bucket shared by every caller of POST /spot/callbacks: {@code perSecond} requests a second on average,
 * up to {@code burst} at once. A refused request learns how long to wait (the Retry-After of its 429).
 */
public class CallbackRateLimiter {

    private final double perSecond;
    private final double burst;
    private final LongSupplier nanoTime;
    private double tokens;
    private long last;

    public CallbackRateLimiter(double perSecond, int burst) {
        this(perSecond, burst, System::nanoTime);
    }

    CallbackRateLimiter(double perSecond, int burst, LongSupplier nanoTime) {
        if (perSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("spotlink.callback.rate-limit must be > 0 and the burst >= 1");
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanoTime = nanoTime;
        this.tokens = burst;
        this.last = nanoTime.getAsLong();
    }

    /** Empty when the request may go ahead; otherwise how long until the next one may. */
    public synchronized Optional<Duration> tryAcquire() {
        long now = nanoTime.getAsLong();
        tokens = Math.min(burst, tokens + (now - last) / 1e9 * perSecond);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos((long) Math.ceil((1 - tokens) / perSecond * 1e9)));
    }

    public double perSecond() {
        return perSecond;
    }
}
