package io.spotlink.soak;

import io.spotlink.intake.jms.EmbeddedBroker;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The Artemis broker in a process of its own, shared by two bundles (as a site runs one broker for all
 * instances): {@code StandaloneBroker <data dir> <port> <dead-letter queue>}, on 127.0.0.1, until killed.
 */
public final class StandaloneBroker {

    private StandaloneBroker() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedBroker broker = new EmbeddedBroker(Path.of(args[0]), Integer.parseInt(args[1]), args[2]);
        broker.start();
        Runtime.getRuntime().addShutdownHook(new Thread(broker::stop));
        System.out.println("broker listening on " + broker.url());
        new CountDownLatch(1).await();
    }
}
