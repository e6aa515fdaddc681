package io.spotlink.http;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Locks out an address that presented a wrong callback secret too often: after {@code maxFailures} within
 * {@code lockFor}, every callback from it is refused for {@code lockFor}, right secret or not, so the secret cannot
 * be guessed at the server's speed. Remembers at most {@link #TRACKED} addresses (the oldest forgotten first).
 */
public final class FailedSecretLockout {

    static final int TRACKED = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(FailedSecretLockout.class);

    private record Failures(int count, Instant first, Instant lockedUntil) {
    }

    private final int maxFailures;
    private final Duration lockFor;
    private final Clock clock;
    private final Map<String, Failures> byAddress = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
            return size() > TRACKED;
        }
    };

    public FailedSecretLockout(int maxFailures, Duration lockFor, Clock clock) {
        this.maxFailures = maxFailures;
        this.lockFor = lockFor;
        this.clock = clock;
    }

    /** How long the address stays locked out; empty when it may try. */
    public synchronized Optional<Duration> lockedFor(String address) {
        Failures f = byAddress.get(address);
        Instant now = clock.instant();
        if (f == null || f.lockedUntil() == null || !f.lockedUntil().isAfter(now)) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, f.lockedUntil()));
    }

    public synchronized void failed(String address) {
        Instant now = clock.instant();
        Failures f = byAddress.get(address);
        if (f == null || f.first().plus(lockFor).isBefore(now)) {
            f = new Failures(0, now, null);
        }
        int count = f.count() + 1;
        Instant lockedUntil = count >= maxFailures ? now.plus(lockFor) : null;
        if (lockedUntil != null && f.lockedUntil() == null) {
            LOG.warn("Callbacks from {} locked out for {} after {} wrong secrets", address, lockFor, count);
        }
        byAddress.put(address, new Failures(count, f.first(), lockedUntil));
    }

    public synchronized void succeeded(String address) {
        byAddress.remove(address);
    }
}
