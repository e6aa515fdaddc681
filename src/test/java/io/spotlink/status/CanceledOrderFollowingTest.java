package io.spotlink.status;

import com.zaxxer.hikari.HikariDataSource;
import io.spotlink.ledger.LedgerDatabase;
import io.spotlink.delivery.DeliveryLedger;
import io.spotlink.following.FollowUpLedger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 14: a canceled order used to leave the followed set once its watch period was over, even with a kit still
 * running. It stays followed while a kit may still result, and a fully canceled order is closed once its X is out.
 */
class CanceledOrderFollowingTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final String ORDER = "O1000001";

    @TempDir
    Path dir;
    private HikariDataSource ledger;
    private JdbcTemplate jdbc;
    private FollowUpLedger followUp;
    private DeliveryLedger deliveries;

    @BeforeEach
    void ledger() {
        ledger = LedgerDatabase.open("jdbc:h2:file:" + dir.resolve("ledger"), "sa", "", 2);
        jdbc = new JdbcTemplate(ledger);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        followUp = new FollowUpLedger(ledger, clock, Duration.ofDays(30));
        deliveries = new DeliveryLedger(ledger, clock, Duration.ofMinutes(2));
        // canceled at Spot 40 days ago: past the watch period of a completed or canceled order
        Timestamp old = Timestamp.from(NOW.minus(Duration.ofDays(40)));
        jdbc.update("INSERT INTO spot_order (source_system, source_order_id, mrn, payload_hash, payload, spot_order_id, "
                + "status, attempts, created_at, updated_at, spot_status, spot_updated, checked_at) VALUES ('EPIC-TEST', "
                + "'C-1', 'MRN-C-1', 'h', '{}', ?, 'SUBMITTED', 1, ?, ?, 'canceled', ?, ?)", ORDER, old, old, old, old);
        kit("SPOT100001", "canceled", "awaiting_collection");
        kit("SPOT100002", "registered", "received");
    }

    @AfterEach
    void close() {
        ledger.close();
    }

    private void kit(String kitId, String kitStatus, String sampleStatus) {
        jdbc.update("INSERT INTO spot_kit (kit_id, spot_order_id, kit_status, sample_id, sample_status, updated_at) "
                + "VALUES (?, ?, ?, NULL, ?, ?)", kitId, ORDER, kitStatus, sampleStatus, Timestamp.from(NOW));
    }

    private List<String> followed() {
        return followUp.dueForSweep(10, NOW);
    }

    @Test
    void aCanceledOrderWithAKitStillAtTheLabIsFollowedUntilThatKitIsDone() {
        assertThat(followed()).as("the second kit's sample is at the lab").containsExactly(ORDER);
        assertThat(followUp.moved(java.util.Map.of(ORDER, NOW.atOffset(ZoneOffset.UTC)))).containsExactly(ORDER);

        jdbc.update("UPDATE spot_kit SET sample_status = 'resulted' WHERE kit_id = 'SPOT100002'");
        assertThat(followed()).as("every kit is done").isEmpty();
    }

    @Test
    void aFullyCanceledOrderIsClosedOnceItsXHasGoneOut() {
        jdbc.update("UPDATE spot_kit SET kit_status = 'canceled', sample_status = 'awaiting_collection'");
        long x = deliveries.enqueue(KitNews.ORDER_CANCELED.reportId("SPOT100002"), 'X', ORDER, "SPOT100002",
                "EPIC-TEST:MRN-C-1", "chart", "MSH|^~\\&|X", null).orElseThrow().id();
        assertThat(followed()).as("its X is not delivered yet").containsExactly(ORDER);

        deliveries.delivered(x, "AA", null);
        assertThat(followed()).isEmpty();
    }

    @Test
    void everyExceptionStateEndsAKit() {
        for (String[] done : new String[][] {{"delivery_exception", "awaiting_collection"},
                {"registered", "collection_exception"}, {"registered", "delivery_exception"},
                {"registered", "canceled"}}) {
            jdbc.update("UPDATE spot_kit SET kit_status = ?, sample_status = ? WHERE kit_id = 'SPOT100002'",
                    done[0], done[1]);
            assertThat(followed()).as(String.join("/", done)).isEmpty();
        }
    }
}
