package io.spotlink.ops;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.spotlink.delivery.DeliveryLedger;
import io.spotlink.ledger.LedgerDatabase;
import io.spotlink.sim.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger gauges on a clock the test moves: the queue (undelivered, parked) is read at every refresh, the counts
 * over the whole history (delivered rows) only once their own, longer interval has passed.
 */
class LedgerMetersTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T08:00:00Z"));
    private final HikariDataSource db = LedgerDatabase.open("jdbc:h2:mem:meters-" + System.nanoTime()
            + ";DB_CLOSE_DELAY=-1", "sa", "", 2);
    private final DeliveryLedger deliveries = new DeliveryLedger(db, clock, Duration.ofMinutes(2));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final LedgerMeters meters = new LedgerMeters(db, registry, clock, Duration.ofMinutes(10));

    @AfterEach
    void close() {
        db.close();
    }

    private double deliveries(String status) {
        var gauge = registry.find("spotlink.deliveries").tags("destination", "ehr", "status", status).gauge();
        return gauge == null ? 0 : gauge.value();
    }

    private long enqueue(String reportId) {
        return deliveries.enqueue(reportId, 'F', "O1", "K1", "P1", "ehr", "MSH|^~\\&|", null).orElseThrow().id();
    }

    @Test
    void theQueueIsReadAtEveryRefreshTheDeliveredHistoryOnlyEveryHistoryRefresh() {
        long first = enqueue("R-1");
        deliveries.delivered(first, "AA", null);
        enqueue("R-2");
        meters.read();
        assertThat(deliveries("DELIVERED")).isEqualTo(1);
        assertThat(deliveries("PENDING")).isEqualTo(1);

        long third = enqueue("R-3");
        deliveries.delivered(third, "AA", null);
        long fourth = enqueue("R-4");
        deliveries.park(fourth, "AE from the EHR", "AE", "refused");
        clock.advance(Duration.ofSeconds(15));
        meters.read();
        assertThat(deliveries("PENDING")).as("the queue: fresh").isEqualTo(1);
        assertThat(deliveries("FAILED")).isEqualTo(1);
        assertThat(registry.get("spotlink.deliveries.parked").gauge().value()).isEqualTo(1);
        assertThat(deliveries("DELIVERED")).as("the history: as last read").isEqualTo(1);

        clock.advance(Duration.ofMinutes(10));
        meters.read();
        assertThat(deliveries("DELIVERED")).isEqualTo(2);
        assertThat(deliveries("PENDING")).isEqualTo(1);
    }
}
