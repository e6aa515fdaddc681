package io.spotlink.cancel;

import com.zaxxer.hikari.HikariDataSource;
import io.spotlink.ledger.LedgerDatabase;
import io.spotlink.ledger.LedgerStatus;
import io.spotlink.ledger.OrderLedger;
import io.spotlink.ledger.OrderRecord;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The V10 tables and the cancel's conditional update, on H2 (PostgreSQL mode) and on a real PostgreSQL server. */
class RequestLedgerTest {

    abstract static class Contract {

        abstract DataSource dataSource();

        private final Clock clock = Clock.systemUTC();

        private OrderLedger orders() {
            return new OrderLedger(dataSource(), clock, "me", Duration.ofSeconds(30));
        }

        private OrderRecord order(OrderLedger orders, LedgerStatus status) {
            String id = "R-" + UUID.randomUUID();
            OrderRecord claimed = orders.claim("SYS", id, null, "h", "{}").record();
            switch (status) {
                case FAILED -> orders.markFailed(claimed.id(), "Spot unavailable");
                case SUBMITTED -> orders.markSubmitted(claimed.id(), "O" + (1_000_000 + claimed.id()), "pending");
                default -> {
                }
            }
            return orders.findById(claimed.id()).orElseThrow();
        }

        @Test
        void onlyAnOrderSpotNeverHadAndNobodyIsSendingIsCanceledHere() {
            OrderLedger orders = orders();
            RequestLedger requests = new RequestLedger(dataSource(), clock);
            OrderRecord failed = order(orders, LedgerStatus.FAILED);
            OrderRecord sending = order(orders, LedgerStatus.SUBMITTING);
            OrderRecord submitted = order(orders, LedgerStatus.SUBMITTED);
            assertThat(requests.cancelUnsent(failed.id())).isTrue();
            assertThat(requests.cancelUnsent(failed.id())).as("once").isFalse();
            assertThat(requests.cancelUnsent(sending.id())).isFalse();
            assertThat(requests.cancelUnsent(submitted.id())).isFalse();
            assertThat(orders.findById(failed.id()).orElseThrow().status()).isEqualTo(LedgerStatus.CANCELED);
            // a resend's claim cannot take a canceled order back
            assertThat(orders.claim("SYS", failed.sourceOrderId(), null, "h2", "{}").won()).isFalse();
            assertThat(orders.retryable(Instant.now().plusSeconds(60), 100, 0, 1000)).extracting(OrderRecord::id)
                    .doesNotContain(failed.id());
        }

        @Test
        void aCancelIsRecordedOnceAndAlertedOnce() {
            OrderLedger orders = orders();
            RequestLedger requests = new RequestLedger(dataSource(), clock);
            OrderRecord submitted = order(orders, LedgerStatus.SUBMITTED);
            CancelRequest request = new CancelRequest(submitted.id(), submitted.spotOrderId(), "http", "key-1",
                    Instant.parse("2026-12-01T10:00:00Z"), CancelRequest.State.REQUESTED);
            assertThat(requests.recordCancel(request, false)).isTrue();
            assertThat(requests.recordCancel(request, false)).as("a repeat").isFalse();
            assertThat(requests.cancelOf(submitted.id())).contains(request);
            assertThat(requests.cancelOfSpotOrder(submitted.spotOrderId())).contains(request);
            assertThat(requests.cancelsOf(List.of(submitted.id()))).containsKey(submitted.id());
            assertThat(requests.pendingCancelOrderIds(10)).contains(submitted.id());
            requests.recordChange(submitted.id(), submitted.spotOrderId(), "mllp", "EPIC@GEN", "PARTIAL",
                    List.of("metadata"), List.of("recipient.address.zip"));
            List<RequestLedger.PendingAlert> first = requests.takeUnalerted();
            assertThat(first).extracting(RequestLedger.PendingAlert::kind).contains("cancel", "change");
            assertThat(first).filteredOn(a -> a.kind().equals("change")).singleElement()
                    .satisfies(a -> assertThat(a.refusedFields()).isEqualTo("recipient.address.zip"));
            assertThat(requests.takeUnalerted()).isEmpty();
        }
    }

    @Nested
    class OnH2 extends Contract {

        @TempDir
        static Path dir;
        private static HikariDataSource h2;

        @BeforeAll
        static void open() {
            h2 = LedgerDatabase.open("jdbc:h2:file:" + dir.resolve("ledger"), "sa", "", 4);
        }

        @AfterAll
        static void close() {
            h2.close();
        }

        @Override
        DataSource dataSource() {
            return h2;
        }
    }

    @Nested
    class OnPostgres extends Contract {

        private static EmbeddedPostgres postgres;
        private static HikariDataSource pg;

        @BeforeAll
        static void start() throws Exception {
            postgres = EmbeddedPostgres.builder().start();
            pg = LedgerDatabase.open(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres", 4);
        }

        @AfterAll
        static void stop() throws Exception {
            pg.close();
            postgres.close();
        }

        @Override
        DataSource dataSource() {
            return pg;
        }
    }
}
