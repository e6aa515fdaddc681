package io.spotlink.retention;

import io.spotlink.ledger.LedgerDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import com.zaxxer.hikari.HikariDataSource;

import javax.sql.DataSource;
import java.nio.file.Path;

class H2RetentionTest extends RetentionContract {

    @TempDir
    Path h2;
    private HikariDataSource dataSource;

    @Override
    protected DataSource freshLedger() {
        dataSource = LedgerDatabase.open("jdbc:h2:file:" + h2.resolve("ledger"), "sa", "", 4);
        return dataSource;
    }

    @AfterEach
    void close() {
        if (dataSource != null) {
            dataSource.close();
        }
    }
}
