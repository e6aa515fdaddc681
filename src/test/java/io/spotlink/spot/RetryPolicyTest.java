package io.spotlink.spot;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(2));

    @Test
    void doublesUpToTheCap() {
        assertThat(policy.delayAfter(1, null)).isEqualTo(Duration.ofMillis(100));
        assertThat(policy.delayAfter(2, null)).isEqualTo(Duration.ofMillis(200));
        assertThat(policy.delayAfter(4, null)).isEqualTo(Duration.ofMillis(800));
        assertThat(policy.delayAfter(10, null)).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void honoursALongerRetryAfterButNeverBeyondTheCap() {
        assertThat(policy.delayAfter(1, Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.delayAfter(1, Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.delayAfter(3, Duration.ofMillis(10))).isEqualTo(Duration.ofMillis(400));
    }
}
