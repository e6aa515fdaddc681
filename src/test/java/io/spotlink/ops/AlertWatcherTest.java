package io.spotlink.ops;

import com.zaxxer.hikari.HikariDataSource;
import io.spotlink.ledger.LedgerDatabase;
import io.spotlink.ledger.OrderLedger;
import io.spotlink.delivery.DeliveryLedger;
import io.spotlink.sim.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the alert watcher finds in the ledger, on a clock the test moves. */
class AlertWatcherTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T08:00:00Z"));
    private final HikariDataSource db = LedgerDatabase.open("jdbc:h2:mem:alerts-" + System.nanoTime()
            + ";DB_CLOSE_DELAY=-1", "sa", "", 2);
    private final OrderLedger orders = new OrderLedger(db, clock, "test", Duration.ofSeconds(30));
    private final AlertWatcher watcher = new AlertWatcher(db, clock, new AlertWatcher.Thresholds(Duration.ofHours(4),
            Duration.ofMinutes(15), Duration.ofHours(1), 2), "replica-1");

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void anOrderIsAlertedWhenItFailsForGoodNotBefore() {
        long id = orders.claim("EPIC", "S-1", "MRN-1", "h", "{}").record().id();
        orders.markFailed(id, "Spot unavailable");
        assertThat(kinds(watcher.due())).doesNotContain("order-failed");

        orders.claim("EPIC", "S-1", "MRN-1", "h", "{}");
        orders.markFailed(id, "Spot unavailable");
        List<Alert> alerts = watcher.due();
        assertThat(kinds(alerts)).contains("order-failed");
        Alert failed = alerts.stream().filter(a -> a.alert().equals("order-failed")).findFirst().orElseThrow();
        assertThat(failed.ids()).containsExactly("EPIC:S-1");
        assertThat(failed.instance()).isEqualTo("replica-1");
        assertThat(kinds(watcher.due())).doesNotContain("order-failed");
    }

    @Test
    void aPendingAlertIsOfferedAgainUntilTheWebhookTookIt() {
        long id = orders.claim("EPIC", "S-9", "MRN-9", "h", "{}").record().id();
        orders.markFailed(id, "Spot unavailable");
        orders.claim("EPIC", "S-9", "MRN-9", "h", "{}");
        orders.markFailed(id, "Spot unavailable");
        List<Alert> first = watcher.pending();
        assertThat(kinds(first)).containsOnlyOnce("order-failed");
        assertThat(kinds(watcher.pending())).as("not taken: offered again, once").containsOnlyOnce("order-failed");

        first.forEach(watcher::sent);
        assertThat(kinds(watcher.pending())).doesNotContain("order-failed");
    }

    @Test
    void spotIsReportedUnavailableWhenOrdersKeepFailingForTheWholeWindow() {
        long id = orders.claim("EPIC", "S-2", "MRN-2", "h", "{}").record().id();
        orders.markFailed(id, "Spot unavailable");
        assertThat(kinds(watcher.due())).doesNotContain("spot-unavailable");

        clock.advance(Duration.ofMinutes(16));
        orders.claim("EPIC", "S-2", "MRN-2", "h", "{}"); // order-retry tries again, and fails again
        orders.markFailed(id, "Spot unavailable");
        assertThat(kinds(watcher.due())).contains("spot-unavailable");
        assertThat(kinds(watcher.due())).doesNotContain("spot-unavailable"); // not again before repeat-after

        long created = orders.claim("EPIC", "S-3", "MRN-3", "h", "{}").record().id();
        orders.markSubmitted(created, "O0000003", "pending");
        clock.advance(Duration.ofMinutes(61));
        assertThat(kinds(watcher.due())).doesNotContain("spot-unavailable");
    }

    @Test
    void aResultWaitingLongerThanTheThresholdIsAlertedAndRepeatedHourly() {
        DeliveryLedger deliveries = new DeliveryLedger(db, clock, Duration.ofMinutes(2));
        deliveries.enqueue("R-1", 'F', "O0000001", "K-1", "MRN-1", "mllp", "MSH|...", null);
        clock.advance(Duration.ofHours(3));
        assertThat(kinds(watcher.due())).doesNotContain("results-undelivered");
        clock.advance(Duration.ofHours(2));
        assertThat(kinds(watcher.due())).contains("results-undelivered");
        clock.advance(Duration.ofMinutes(30));
        assertThat(kinds(watcher.due())).doesNotContain("results-undelivered");
        clock.advance(Duration.ofMinutes(31));
        assertThat(kinds(watcher.due())).contains("results-undelivered");
    }

    private static List<String> kinds(List<Alert> alerts) {
        return alerts.stream().map(Alert::alert).toList();
    }
}
