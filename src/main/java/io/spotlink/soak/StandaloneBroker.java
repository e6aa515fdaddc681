package io.spotlink.soak;

import io.spotlink.intake.jms.EmbeddedBroker;
import io.spotlink.intake.jms.JmsCredentials;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The Artemis broker in a process of its own, shared by two bundles (as a site runs one broker for all
 * instances): {@code StandaloneBroker <data dir> <port> <intake queue> <dead-letter queue>}, on 127.0.0.1, until
 * killed. Its one user comes from the environment (SPOTLINK_JMS_USERNAME, SPOTLINK_JMS_PASSWORD), never the
 * command line.
 */
public final class StandaloneBroker {

    private StandaloneBroker() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedBroker broker = new EmbeddedBroker(new EmbeddedBroker.Options(Path.of(args[0]),
                Integer.parseInt(args[1]), args[2], args[3], 20, Duration.ofSeconds(1)),
                new JmsCredentials(System.getenv("SPOTLINK_JMS_USERNAME"), System.getenv("SPOTLINK_JMS_PASSWORD")));
        broker.start();
        Runtime.getRuntime().addShutdownHook(new Thread(broker::stop));
        System.out.println("broker listening on " + broker.url());
        new CountDownLatch(1).await();
    }
}
