package io.spotlink.intake.files;

import io.spotlink.sim.MutableClock;
import org.apache.camel.component.file.GenericFile;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The quiet period counts on our clock from the last change of size OR time, whatever time the file claims. */
class QuietPeriodReadLockTest {

    private static GenericFile<Object> file(long length, long modified) {
        GenericFile<Object> file = new GenericFile<>();
        file.setAbsoluteFilePath("/inbox/orders.csv");
        file.setFileLength(length);
        file.setLastModified(modified);
        return file;
    }

    @Test
    void aFileIsLockedOnlyAfterItsSizeAndTimeStayedUnchangedForTheQuietPeriod() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-01T12:00:00Z"));
        QuietPeriodReadLock<Object> lock = new QuietPeriodReadLock<>(clock);
        lock.setMinAge(1000);
        long old = Instant.parse("2020-01-01T00:00:00Z").toEpochMilli(); // rsync -t: an old time from the start

        assertThat(lock.acquireExclusiveReadLock(null, file(100, old), null)).as("first sight").isFalse();
        clock.advance(Duration.ofMillis(600));
        assertThat(lock.acquireExclusiveReadLock(null, file(200, old), null)).as("grew").isFalse();
        clock.advance(Duration.ofMillis(600));
        assertThat(lock.acquireExclusiveReadLock(null, file(200, old), null)).as("quiet 600 ms").isFalse();
        clock.advance(Duration.ofMillis(300));
        assertThat(lock.acquireExclusiveReadLock(null, file(200, old + 1), null)).as("touched").isFalse();
        clock.advance(Duration.ofMillis(1000));
        assertThat(lock.acquireExclusiveReadLock(null, file(200, old + 1), null)).as("quiet 1 s").isTrue();
    }
}
