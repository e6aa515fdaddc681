package io.spotlink.ledger;

import com.zaxxer.hikari.HikariDataSource;
import io.spotlink.support.ChildJvm;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A ledger commit survives SIGKILL the moment the call returns: a child JVM claims an order, says so, and is
 * killed at once; the order must be in the ledger afterwards. On H2 this needs WRITE_DELAY=0 (H2 otherwise keeps
 * commits in memory for up to 500 ms).
 */
class LedgerDurabilityTest {

    @TempDir
    Path dir;

    @Test
    void anH2CommitSurvivesAKillRightAfterItReturns() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("ledger");
        String order = commitAndKill(url, "sa", "");
        try (HikariDataSource ds = LedgerDatabase.open(url, "sa", "", 2)) {
            assertThat(ledger(ds).findBySource("DURABLE", order)).isPresent();
        }
    }

    @Test
    void aPostgresCommitSurvivesAKillRightAfterItReturns() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            String url = postgres.getJdbcUrl("postgres", "postgres");
            String order = commitAndKill(url, "postgres", "postgres");
            try (HikariDataSource ds = LedgerDatabase.open(url, "postgres", "postgres", 2)) {
                assertThat(ledger(ds).findBySource("DURABLE", order)).isPresent();
            }
        }
    }

    @Test
    void h2UrlsGetWriteDelayZeroUnlessTheyChoose() {
        assertThat(LedgerDatabase.durableUrl("jdbc:h2:file:./data/l"))
                .isEqualTo("jdbc:h2:file:./data/l;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE");
        assertThat(LedgerDatabase.durableUrl("jdbc:h2:file:./l;write_delay=100")).contains("write_delay=100")
                .doesNotContain("WRITE_DELAY=0");
        // H2's own shutdown hook would close the database under the routes on SIGTERM: the pool closes it, last
        assertThat(LedgerDatabase.durableUrl("jdbc:h2:tcp://db/l")).doesNotContain("DB_CLOSE_ON_EXIT");
        assertThat(LedgerDatabase.durableUrl("jdbc:h2:mem:l")).isEqualTo("jdbc:h2:mem:l");
        assertThat(LedgerDatabase.durableUrl("jdbc:postgresql://db/s")).isEqualTo("jdbc:postgresql://db/s");
    }

    private String commitAndKill(String url, String user, String password) throws Exception {
        String order = "SO-" + UUID.randomUUID();
        try (ChildJvm child = ChildJvm.start(CommitThenWait.class, List.of(url, user, password, order), Map.of(),
                dir.resolve("child.log"))) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
                    .until(() -> child.output().contains("COMMITTED") || !child.isAlive());
            assertThat(child.output()).contains("COMMITTED");
            child.kill();
        }
        return order;
    }

    private static OrderLedger ledger(HikariDataSource ds) {
        return new OrderLedger(ds, Clock.systemUTC(), "test", Duration.ofSeconds(30));
    }
}
