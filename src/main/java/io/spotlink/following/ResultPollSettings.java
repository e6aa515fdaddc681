package io.spotlink.following;

import java.time.Duration;

/**
 * How result-poll spends Spot's calls (see config/application.properties, "Results").
 *
 * @param sweepPerCycle      orders retrieved per cycle by the reconciliation sweep, oldest-checked first
 * @param watchCompletedFor  how long a completed order is still followed after its last change at Spot
 * @param concurrency        retrieves in flight at once
 * @param maxCallsPerCycle   Spot calls one cycle may make (list pages and retrieves together)
 * @param pollInterval       the cycle's period, to judge whether the sweep covers every order daily
 */
public record ResultPollSettings(int sweepPerCycle, Duration watchCompletedFor, int concurrency,
                                 int maxCallsPerCycle, Duration pollInterval) {

    public ResultPollSettings {
        if (sweepPerCycle < 0 || concurrency < 1 || maxCallsPerCycle < 1) {
            throw new IllegalArgumentException("spotlink.results: sweep-per-cycle >= 0, concurrency >= 1 and "
                    + "max-calls-per-cycle >= 1");
        }
    }

    /** Orders the sweep reaches in a day at this rate. */
    public long sweptPerDay() {
        long cycles = Duration.ofDays(1).toMillis() / Math.max(1, pollInterval.toMillis());
        return cycles * sweepPerCycle;
    }
}
