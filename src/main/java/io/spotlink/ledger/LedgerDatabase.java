package io.spotlink.ledger;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;

/** Opens the ledger's connection pool (H2 file by default, PostgreSQL by config) and migrates it with Flyway. */
public final class LedgerDatabase {

    private LedgerDatabase() {
    }

    public static HikariDataSource open(String url, String username, String password, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(username);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("spotlink-ledger");
        config.setExceptionOverrideClassName(ClosedDatabaseEviction.class.getName());
        HikariDataSource dataSource = new HikariDataSource(config);
        migrate(dataSource);
        return dataSource;
    }

    public static void migrate(DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    }
}
