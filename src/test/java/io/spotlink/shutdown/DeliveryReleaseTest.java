package io.spotlink.shutdown;

import com.zaxxer.hikari.HikariDataSource;
import io.spotlink.ledger.LedgerDatabase;
import io.spotlink.delivery.Delivery;
import io.spotlink.delivery.DeliveryDispatcher;
import io.spotlink.delivery.DeliveryLedger;
import io.spotlink.delivery.DeliveryPolicy;
import io.spotlink.delivery.DeliveryStatus;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stop in the middle of a batch: the message on the wire is recorded, the rest of the claimed batch goes back to
 * PENDING (no SENDING row), and after the restart each goes with the very MSH-10 it was claimed with.
 */
class DeliveryReleaseTest {

    private static final String ORU = "MSH|^~\\&|SPOTLINK|SPOT|EHR|HOSP|20260101120000||ORU^R01^ORU_R01|X|P|2.5.1\r"
            + "PID|1||PK^^^HOSP^MR\r";

    @TempDir
    Path dir;
    private HikariDataSource dataSource;
    private DefaultCamelContext camel;
    private final List<String> sent = new CopyOnWriteArrayList<>();
    private final AtomicBoolean stopping = new AtomicBoolean();

    @BeforeEach
    void start() throws Exception {
        dataSource = LedgerDatabase.open("jdbc:h2:file:" + dir.resolve("ledger"), "sa", "", 2);
        camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // a destination that takes every message; the stop begins while the first one is on the wire
                from("direct:oru-deliver-ehr").process(ex -> {
                    sent.add(ex.getIn().getHeader("SpotlinkControlId", String.class));
                    stopping.set(true);
                });
            }
        });
        camel.start();
    }

    @AfterEach
    void stop() throws Exception {
        camel.stop();
        dataSource.close();
    }

    @Test
    void aStopMidBatchReleasesTheUnsentWithTheirMsh10() {
        DeliveryLedger ledger = new DeliveryLedger(dataSource, Clock.systemUTC(), Duration.ofMinutes(2));
        DeliveryDispatcher dispatcher = new DeliveryDispatcher(camel, ledger, new DeliveryPolicy(3, Duration.ZERO,
                Duration.ZERO, 10), List.of("ehr"), "SL", stopping::get);
        List<Long> ids = List.of(1, 2, 3).stream().map(i -> ledger.enqueue("R" + i, 'F', "O" + i, "K" + i, "P" + i,
                "ehr", ORU, null).orElseThrow().id()).toList();

        assertThat(dispatcher.dispatchDue()).isEqualTo(1);
        assertThat(ids.stream().map(id -> ledger.find(id).orElseThrow().status()))
                .containsExactly(DeliveryStatus.DELIVERED, DeliveryStatus.PENDING, DeliveryStatus.PENDING);
        assertThat(ledger.sending("ehr")).isZero();
        Delivery released = ledger.find(ids.get(1)).orElseThrow();
        assertThat(released.attempts()).isZero();
        assertThat(released.controlId()).isEqualTo("SL" + ids.get(1) + "-1"); // as claimed

        // restarted: the rest goes, each with the MSH-10 it was claimed with before the stop
        stopping.set(false);
        DeliveryDispatcher restarted = new DeliveryDispatcher(camel, ledger, new DeliveryPolicy(3, Duration.ZERO,
                Duration.ZERO, 10), List.of("ehr"), "SL", () -> false);
        assertThat(restarted.dispatchDue()).isEqualTo(2);
        assertThat(sent).containsExactly("SL" + ids.get(0) + "-1", "SL" + ids.get(1) + "-1", "SL" + ids.get(2) + "-1");
        assertThat(ledger.sending("ehr")).isZero();
    }
}
