package io.spotlink.soak;

import io.spotlink.demo.LocalRun;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * What two bundle instances share, each in its own process: a PostgreSQL cluster (the ledger) and the Artemis broker
 * ({@link StandaloneBroker}).
 */
final class SharedServices implements AutoCloseable {

    private final PostgresCluster postgres;
    private final Process broker;
    private final int brokerPort;

    private SharedServices(PostgresCluster postgres, Process broker, int brokerPort) {
        this.postgres = postgres;
        this.broker = broker;
        this.brokerPort = brokerPort;
    }

    static SharedServices start(Path workDir, String jmsUser, String jmsPassword) throws Exception {
        PostgresCluster postgres = PostgresCluster.start(workDir, LocalRun.freePort());
        int port = LocalRun.freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-cp", classPath(), StandaloneBroker.class.getName(),
                workDir.resolve("artemis").toString(), Integer.toString(port), BundleEnvironment.JMS_QUEUE,
                BundleEnvironment.JMS_QUEUE + ".DLQ"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve("broker.log").toFile()));
        builder.environment().put("SPOTLINK_JMS_USERNAME", jmsUser);
        builder.environment().put("SPOTLINK_JMS_PASSWORD", jmsPassword);
        Process broker = builder.start();
        awaitPort(port, broker);
        return new SharedServices(postgres, broker, port);
    }

    BundleEnvironment.Shared ledger() {
        return new BundleEnvironment.Shared(postgres.url(), PostgresCluster.USER);
    }

    int brokerPort() {
        return brokerPort;
    }

    @Override
    public void close() throws Exception {
        broker.destroy();
        broker.waitFor(30, TimeUnit.SECONDS);
        postgres.close();
    }

    private static void awaitPort(int port, Process process) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && process.isAlive()) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the broker did not start");
    }

    static String classPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(java.io.File.pathSeparator));
    }
}
