package io.spotlink.soak;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;

/** Counts of the ledger's orders and deliveries by status, read after the bundle has stopped. */
record LedgerState(Map<String, Integer> orders, Map<String, Integer> deliveries, int statusChangesSeenTwice) {

    static LedgerState read(String jdbcUrl, String user, String password) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password)) {
            return new LedgerState(countByStatus(c, "spot_order"), countByStatus(c, "oru_delivery"),
                    statusChangesSeenTwice(c));
        }
    }

    /** Orders left SUBMITTING or FAILED, deliveries left PENDING, SENDING or FAILED. */
    int stuck() {
        return orders.getOrDefault("SUBMITTING", 0) + orders.getOrDefault("FAILED", 0)
                + deliveries.entrySet().stream().filter(e -> !"DELIVERED".equals(e.getKey()))
                .mapToInt(Map.Entry::getValue).sum();
    }

    /** A kit's status change recorded twice: two pollers at once (two leaders), or one poll replayed. */
    private static int statusChangesSeenTwice(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM (SELECT kit_id, subject, status FROM "
                     + "spot_status_event GROUP BY kit_id, subject, status HAVING COUNT(*) > 1) twice")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static Map<String, Integer> countByStatus(Connection c, String table) throws SQLException {
        Map<String, Integer> counts = new TreeMap<>();
        // fixed table names only, no input reaches this SQL
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT status, COUNT(*) FROM " + table + " GROUP BY status")) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getInt(2));
            }
        }
        return counts;
    }
}
