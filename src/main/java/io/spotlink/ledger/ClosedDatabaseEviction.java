package io.spotlink.ledger;

import com.zaxxer.hikari.SQLExceptionOverride;

import java.sql.SQLException;

/**
 * Tells the connection pool to drop a connection whose database was closed under it. H2 closes an embedded
 * database after a fatal error (an OutOfMemoryError in one request, say) with codes the pool does not know as
 * fatal, so without this every pooled connection keeps failing for every other caller; evicted, the next
 * connection reopens the database.
 */
public class ClosedDatabaseEviction implements SQLExceptionOverride {

    /** H2: database is closed, connection is broken, database is in exclusive mode after a panic. */
    private static final int[] H2_FATAL = {90098, 90067, 90121};

    @java.lang.Override
    public Override adjudicate(SQLException e) {
        for (SQLException s = e; s != null; s = s.getNextException()) {
            for (int code : H2_FATAL) {
                if (s.getErrorCode() == code) {
                    return Override.MUST_EVICT;
                }
            }
        }
        return Override.CONTINUE_EVICT;
    }
}
