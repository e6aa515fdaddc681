package io.spotlink.http;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CallbackRateLimiterTest {

    private final AtomicLong now = new AtomicLong();

    @Test
    void aBurstIsAllowedThenOneRequestPerIntervalAndTheWaitIsSaid() {
        CallbackRateLimiter limiter = new CallbackRateLimiter(10, 3, now::get);
        assertThat(limiter.tryAcquire()).isEmpty();
        assertThat(limiter.tryAcquire()).isEmpty();
        assertThat(limiter.tryAcquire()).isEmpty();
        assertThat(limiter.tryAcquire()).hasValue(Duration.ofMillis(100));
        now.addAndGet(Duration.ofMillis(60).toNanos());
        assertThat(limiter.tryAcquire()).hasValueSatisfying(wait -> assertThat(wait).isBetween(
                Duration.ofMillis(39), Duration.ofMillis(41)));
        now.addAndGet(Duration.ofMillis(40).toNanos());
        assertThat(limiter.tryAcquire()).isEmpty();
        assertThat(limiter.tryAcquire()).isPresent();
    }

    @Test
    void anIdleLimiterRefillsOnlyUpToItsBurst() {
        CallbackRateLimiter limiter = new CallbackRateLimiter(1, 2, now::get);
        now.addAndGet(Duration.ofHours(1).toNanos());
        assertThat(limiter.tryAcquire()).isEmpty();
        assertThat(limiter.tryAcquire()).isEmpty();
        assertThat(limiter.tryAcquire()).hasValue(Duration.ofSeconds(1));
    }

    @Test
    void aRateOfZeroIsAConfigurationError() {
        assertThatThrownBy(() -> new CallbackRateLimiter(0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
