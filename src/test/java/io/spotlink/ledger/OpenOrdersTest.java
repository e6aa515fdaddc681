package io.spotlink.ledger;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which orders the result poller follows. Found by the soak: an order recorded as completed straight from the
 * create path (an earlier attempt's order found late, after a crash) was never polled, so its results never went out.
 */
class OpenOrdersTest {

    @TempDir
    Path dir;
    private HikariDataSource dataSource;
    private OrderLedger ledger;

    @BeforeEach
    void open() {
        dataSource = LedgerDatabase.open("jdbc:h2:file:" + dir.resolve("ledger"), "sa", "", 2);
        ledger = new OrderLedger(dataSource, Clock.systemUTC(), "test", Duration.ofSeconds(30));
    }

    @AfterEach
    void close() {
        dataSource.close();
    }

    private void submitted(String sourceId, String spotId, String spotStatus) {
        OrderLedger.Claim claim = ledger.claim("EPIC", sourceId, null, "h", "{}");
        ledger.markSubmitted(claim.record().id(), spotId, spotStatus);
    }

    private List<String> followed() {
        return ledger.openOrders().stream().map(OrderRecord::spotOrderId).toList();
    }

    @Test
    void aCompletedOrderWhoseKitsWereNeverSeenIsStillFollowed() {
        submitted("S1", "O1000001", "completed");
        assertThat(followed()).containsExactly("O1000001");

        new JdbcTemplate(dataSource).update("INSERT INTO spot_kit (kit_id, spot_order_id, kit_status, sample_id, "
                + "sample_status, updated_at) VALUES ('SPOT100001', 'O1000001', 'registered', 'SPOT200001', "
                + "'resulted', CURRENT_TIMESTAMP)");
        assertThat(followed()).as("polled once, kits recorded, nothing left to deliver").isEmpty();
    }

    @Test
    void pendingOrdersAreFollowedAndCanceledOnesAreNot() {
        submitted("S2", "O1000002", "pending");
        submitted("S3", "O1000003", "canceled");
        assertThat(followed()).containsExactly("O1000002");
    }
}
