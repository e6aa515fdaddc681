package io.spotlink.ledger;

import com.zaxxer.hikari.HikariDataSource;
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
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The heartbeat as a running service: written at start, kept fresh on its own thread, removed on a graceful stop. */
class InstanceHeartbeatTest {

    @TempDir
    Path dir;
    private HikariDataSource dataSource;

    @BeforeEach
    void open() {
        dataSource = LedgerDatabase.open("jdbc:h2:file:" + dir.resolve("ledger"), "sa", "", 4);
    }

    @AfterEach
    void close() {
        dataSource.close();
    }

    private List<Instant> heartbeats(String id) {
        return new JdbcTemplate(dataSource).queryForList("SELECT heartbeat_at FROM ledger_instance WHERE "
                + "instance_id = ?", Timestamp.class, id).stream().map(Timestamp::toInstant).toList();
    }

    @Test
    void beatsFromStartUntilAGracefulStopRemovesIt() {
        String id = InstanceHeartbeat.newInstanceId();
        InstanceHeartbeat heartbeat = new InstanceHeartbeat(dataSource, Clock.systemUTC(), id,
                Duration.ofMillis(100));
        heartbeat.start();
        try {
            List<Instant> first = heartbeats(id);
            assertThat(first).as("written before start returns").hasSize(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> heartbeats(id).get(0).isAfter(first.get(0)));
        } finally {
            heartbeat.stop();
        }
        assertThat(heartbeats(id)).isEmpty();
    }

    @Test
    void instanceIdsNameTheHostAndDifferPerStart() throws Exception {
        String host = java.net.InetAddress.getLocalHost().getHostName();
        String a = InstanceHeartbeat.newInstanceId();
        assertThat(a).startsWith(host.length() > 80 ? host.substring(0, 80) : host).hasSizeLessThanOrEqualTo(128);
        assertThat(InstanceHeartbeat.newInstanceId()).isNotEqualTo(a);
    }
}
