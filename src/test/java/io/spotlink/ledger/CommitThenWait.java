package io.spotlink.ledger;

import com.zaxxer.hikari.HikariDataSource;

import java.time.Clock;
import java.time.Duration;

/**
 * Run in a child JVM by {@link LedgerDurabilityTest}: claims one order, prints COMMITTED once the call has
 * returned, then waits to be killed. Arguments: ledger URL, user, password, source order id.
 */
public final class CommitThenWait {

    private CommitThenWait() {
    }

    public static void main(String[] args) throws Exception {
        HikariDataSource dataSource = LedgerDatabase.open(args[0], args[1], args[2], 2);
        OrderLedger ledger = new OrderLedger(dataSource, Clock.systemUTC(), "child", Duration.ofSeconds(30));
        ledger.claim("DURABLE", args[3], null, "h", "{}");
        System.out.println("COMMITTED");
        System.out.flush();
        new java.util.concurrent.CountDownLatch(1).await(); // until SIGKILL
    }
}
