package io.spotlink.sim;

import java.time.Duration;
import java.util.Random;

/** Reliability knobs, settable while running: 5xx, 429 with Retry-After, added latency, dropped connections. */
public final class FaultInjector {

    /** Starting values of the knobs. */
    public record Settings(double errorRate, double rateLimitRate, int retryAfterSeconds, Duration latency,
                           double dropRate) {
        public static final Settings NONE = new Settings(0, 0, 1, Duration.ZERO, 0);
    }

    /** What happens to one request. */
    public enum Fault { NONE, SERVER_ERROR, RATE_LIMIT, DROP }

    // A Random of its own, so switching faults on never changes the lifecycle a seed produces.
    private final Random random;
    private volatile double errorRate;
    private volatile double rateLimitRate;
    private volatile int retryAfterSeconds;
    private volatile Duration latency;
    private volatile double dropRate;

    FaultInjector(Settings settings, long seed) {
        this.random = new Random(seed * 31 + 7);
        this.errorRate = settings.errorRate();
        this.rateLimitRate = settings.rateLimitRate();
        this.retryAfterSeconds = settings.retryAfterSeconds();
        this.latency = settings.latency();
        this.dropRate = settings.dropRate();
    }

    /** Decided before any work is done, so a faulted create creates nothing. */
    synchronized Fault next() {
        double draw = random.nextDouble();
        if (draw < dropRate) {
            return Fault.DROP;
        }
        if (draw < dropRate + errorRate) {
            return Fault.SERVER_ERROR;
        }
        if (draw < dropRate + errorRate + rateLimitRate) {
            return Fault.RATE_LIMIT;
        }
        return Fault.NONE;
    }

    public void setErrorRate(double rate) {
        errorRate = rate;
    }

    public void setRateLimitRate(double rate) {
        rateLimitRate = rate;
    }

    public void setRetryAfterSeconds(int seconds) {
        retryAfterSeconds = seconds;
    }

    public void setLatency(Duration added) {
        latency = added;
    }

    public void setDropRate(double rate) {
        dropRate = rate;
    }

    int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    Duration latency() {
        return latency;
    }
}
