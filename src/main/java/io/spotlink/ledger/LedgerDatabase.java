package io.spotlink.ledger;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.util.Locale;

/** Opens the ledger's connection pool (H2 file by default, PostgreSQL by config) and migrates it with Flyway. */
public final class LedgerDatabase {

    private LedgerDatabase() {
    }

    public static HikariDataSource open(String url, String username, String password, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(durableUrl(url));
        config.setUsername(username);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("spotlink-ledger");
        config.setExceptionOverrideClassName(ClosedDatabaseEviction.class.getName());
        // Every ledger statement is its own transaction, committed before the call returns.
        config.setAutoCommit(true);
        HikariDataSource dataSource = new HikariDataSource(config);
        migrate(dataSource);
        return dataSource;
    }

    /**
     * The URL with every commit written out before it returns. H2 holds commits in memory for up to 500 ms by
     * default (WRITE_DELAY), so a killed process loses orders it had already acknowledged: unless the URL sets
     * WRITE_DELAY itself, 0 is added. PostgreSQL commits durably by default (synchronous_commit = on).
     * <p>
     * An embedded H2 database also gets DB_CLOSE_ON_EXIT=FALSE: H2's own JVM shutdown hook would otherwise close it
     * on SIGTERM while the routes are still finishing their work ("Database is already closed"). The pool closes it,
     * last, when the bundle has stopped (README "Shutdown").
     */
    public static String durableUrl(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("jdbc:h2:") || lower.startsWith("jdbc:h2:mem:")) {
            return url;
        }
        String durable = lower.contains(";write_delay=") ? url : url + ";WRITE_DELAY=0";
        boolean embedded = !lower.startsWith("jdbc:h2:tcp:") && !lower.startsWith("jdbc:h2:ssl:");
        return embedded && !lower.contains(";db_close_on_exit=") ? durable + ";DB_CLOSE_ON_EXIT=FALSE" : durable;
    }

    public static void migrate(DataSource dataSource) {
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    }
}
