package io.spotlink.ledger;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import javax.sql.DataSource;

/** The same contract on a real PostgreSQL server (embedded binaries, on a free loopback port). */
class PostgresLedgerTest extends LedgerContract {

    private static EmbeddedPostgres postgres;
    private static HikariDataSource dataSource;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        dataSource = LedgerDatabase.open(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres", 10);
    }

    @AfterAll
    static void stop() throws Exception {
        if (dataSource != null) {
            dataSource.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Override
    protected DataSource dataSource() {
        return dataSource;
    }
}
