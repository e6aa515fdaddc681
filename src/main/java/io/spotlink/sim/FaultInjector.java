package io.spotlink.sim;

import java.time.Duration;
import java.util.Random;

/**
 * Reliability knobs, settable while running. Before any work: 5xx, 429 with Retry-After, added latency, dropped
 * connections (a faulted request creates nothing). After the work of a create-order, the answer can be lost: the
 * order IS created, then the connection is dropped, a 500 is sent, or the answer comes later than the client waits.
 * Two holds let a test stop a create at a precise point: before the order is created, and after it is created but
 * before the answer.
 */
public final class FaultInjector {

    /** Starting values of the knobs. */
    public record Settings(double errorRate, double rateLimitRate, int retryAfterSeconds, Duration latency,
                           double dropRate, AfterCreate afterCreate) {
        public static final Settings NONE = new Settings(0, 0, 1, Duration.ZERO, 0);

        public Settings(double errorRate, double rateLimitRate, int retryAfterSeconds, Duration latency,
                        double dropRate) {
            this(errorRate, rateLimitRate, retryAfterSeconds, latency, dropRate, AfterCreate.NONE);
        }
    }

    /**
     * Faults of a create-order that has done its work: rates (0..1) of a dropped connection, a 500 and an answer
     * delayed by {@code slowDelay}; and the holds before creating ({@code delayBefore}) and before answering
     * ({@code delayAfter}).
     */
    public record AfterCreate(double dropRate, double errorRate, double slowRate, Duration slowDelay,
                              Duration delayBefore, Duration delayAfter) {
        public static final AfterCreate NONE = new AfterCreate(0, 0, 0, Duration.ofSeconds(35), Duration.ZERO,
                Duration.ZERO);
    }

    /** What happens to one request. */
    public enum Fault { NONE, SERVER_ERROR, RATE_LIMIT, DROP, TIMEOUT }

    /** What happens to the answer of a create-order once the order exists. */
    public enum AnswerFault { NONE, DROP, SERVER_ERROR, SLOW }

    // A Random of its own, so switching faults on never changes the lifecycle a seed produces.
    private final Random random;
    private volatile double errorRate;
    private volatile double rateLimitRate;
    private volatile int retryAfterSeconds;
    private volatile Duration latency;
    private volatile double dropRate;
    private volatile double afterCreateDropRate;
    private volatile double afterCreateErrorRate;
    private volatile double afterCreateSlowRate;
    private volatile Duration slowDelay;
    private volatile Duration createDelayBefore;
    private volatile Duration createDelayAfter;
    private volatile int holdFrom = 1; // the holds apply to this create-order (counted from 1 as they arrive) on
    private final Object holds = new Object();
    private long dropped; // guarded by holds: how many times the held requests were dropped
    // A request held for slowDelay, then closed with no work done (the client has given up by then).
    private volatile double timeoutRate;
    // What was injected, for a soak's figures (guarded by this).
    private final java.util.Map<String, Long> injected = new java.util.TreeMap<>();
    private long rateLimitAfter = -1; // guarded by this: requests still answered before every one is a 429; -1 off

    FaultInjector(Settings settings, long seed) {
        this.random = new Random(seed * 31 + 7);
        this.errorRate = settings.errorRate();
        this.rateLimitRate = settings.rateLimitRate();
        this.retryAfterSeconds = settings.retryAfterSeconds();
        this.latency = settings.latency();
        this.dropRate = settings.dropRate();
        AfterCreate after = settings.afterCreate();
        this.afterCreateDropRate = after.dropRate();
        this.afterCreateErrorRate = after.errorRate();
        this.afterCreateSlowRate = after.slowRate();
        this.slowDelay = after.slowDelay();
        this.createDelayBefore = after.delayBefore();
        this.createDelayAfter = after.delayAfter();
    }

    /** Decided before any work is done, so a faulted create creates nothing. */
    synchronized Fault next() {
        if (rateLimitAfter == 0) {
            return Fault.RATE_LIMIT;
        }
        if (rateLimitAfter > 0) {
            rateLimitAfter--;
        }
        double draw = random.nextDouble();
        if (draw < dropRate) {
            return count(Fault.DROP);
        }
        if (draw < dropRate + errorRate) {
            return count(Fault.SERVER_ERROR);
        }
        if (draw < dropRate + errorRate + rateLimitRate) {
            return count(Fault.RATE_LIMIT);
        }
        if (draw < dropRate + errorRate + rateLimitRate + timeoutRate) {
            return count(Fault.TIMEOUT);
        }
        return Fault.NONE;
    }

    /** Decided once a create-order has created its order: how its answer is lost, if it is. */
    synchronized AnswerFault afterCreate() {
        double draw = random.nextDouble();
        if (draw < afterCreateDropRate) {
            return count(AnswerFault.DROP);
        }
        if (draw < afterCreateDropRate + afterCreateErrorRate) {
            return count(AnswerFault.SERVER_ERROR);
        }
        if (draw < afterCreateDropRate + afterCreateErrorRate + afterCreateSlowRate) {
            return count(AnswerFault.SLOW);
        }
        return AnswerFault.NONE;
    }

    /**
     * Holds create-order number {@code number} (as they arrive, from 1) before it creates anything; false when
     * {@link #dropHeldCreates()} dropped it.
     */
    boolean holdBeforeCreate(int number) {
        return number < holdFrom || hold(createDelayBefore);
    }

    /** Holds the answer of created order number {@code number}; false when {@link #dropHeldCreates()} dropped it. */
    boolean holdAfterCreate(int number) {
        return number < holdFrom || hold(createDelayAfter);
    }

    /**
     * Ends every hold now by closing its connection: a create held before its work creates nothing (as if it never
     * reached Spot), one held after it keeps its order and loses the answer. For a test whose client was killed.
     */
    public void dropHeldCreates() {
        synchronized (holds) {
            dropped++;
            holds.notifyAll();
        }
    }

    private boolean hold(Duration duration) {
        long until = System.nanoTime() + duration.toNanos();
        synchronized (holds) {
            long seen = dropped;
            while (seen == dropped) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                try {
                    holds.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return false;
        }
    }

    /** How many of each fault were injected so far: {@code DROP}, ..., and {@code after-create DROP}, .... */
    public synchronized java.util.Map<String, Long> injected() {
        return java.util.Map.copyOf(injected);
    }

    private Fault count(Fault fault) {
        injected.merge(fault.name(), 1L, Long::sum);
        return fault;
    }

    private AnswerFault count(AnswerFault fault) {
        injected.merge("after-create " + fault.name(), 1L, Long::sum);
        return fault;
    }

    /** Rate (0..1) of requests held for the slow delay, then dropped with no work done: the client times out. */
    public void setTimeoutRate(double rate) {
        timeoutRate = rate;
    }

    public void setErrorRate(double rate) {
        errorRate = rate;
    }

    public void setRateLimitRate(double rate) {
        rateLimitRate = rate;
    }

    /** The next {@code requests} requests are answered as usual, then every one gets 429; -1 turns this off. */
    public synchronized void rateLimitAfter(long requests) {
        rateLimitAfter = requests;
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

    public void setAfterCreateDropRate(double rate) {
        afterCreateDropRate = rate;
    }

    public void setAfterCreateErrorRate(double rate) {
        afterCreateErrorRate = rate;
    }

    public void setAfterCreateSlowRate(double rate) {
        afterCreateSlowRate = rate;
    }

    public void setSlowDelay(Duration delay) {
        slowDelay = delay;
    }

    public void setCreateDelayBefore(Duration delay) {
        createDelayBefore = delay;
    }

    public void setCreateDelayAfter(Duration delay) {
        createDelayAfter = delay;
    }

    /**
     * The holds apply from the {@code number}th create-order received on (1, the default: every one), so a test can
     * let part of a batch through and stop the rest at a precise row.
     */
    public void setHoldFrom(int number) {
        holdFrom = number;
    }

    int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    Duration latency() {
        return latency;
    }

    Duration slowDelay() {
        return slowDelay;
    }
}
