package io.spotlink.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private PostgreSQL cluster for the two-instance soak: Debian's server binaries (the script installs package
 * {@code postgresql} when missing), initdb under the work dir, on 127.0.0.1 and a free port, trust authentication
 * on loopback only. PostgreSQL refuses to run as root, so as root it runs as the {@code postgres} user.
 */
final class PostgresCluster implements AutoCloseable {

    static final String DATABASE = "spotlink";
    static final String USER = "postgres";

    private final Path bin;
    private final Path dataDir;
    private final Path log;
    private final int port;

    private PostgresCluster(Path bin, Path dataDir, Path log, int port) {
        this.bin = bin;
        this.dataDir = dataDir;
        this.log = log;
        this.port = port;
    }

    static PostgresCluster start(Path workDir, int port) throws IOException, InterruptedException, SQLException {
        Path bin = serverBinaries();
        Path home = Files.createDirectories(workDir.resolve("pg"));
        Path data = home.resolve("data");
        Path log = home.resolve("postgres.log");
        if (isRoot()) {
            run(List.of("chown", "-R", USER, home.toString()));
        }
        PostgresCluster cluster = new PostgresCluster(bin, data, log, port);
        cluster.asOwner(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER,
                "--auth=trust", "-E", "UTF8"));
        cluster.asOwner(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", log.toString(), "-w",
                "-o", "-p " + port + " -k " + home + " -c listen_addresses=127.0.0.1 -c fsync=on", "start"));
        try (Connection c = DriverManager.getConnection(cluster.url("postgres"), USER, "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + DATABASE);
        }
        return cluster;
    }

    String url() {
        return url(DATABASE);
    }

    private String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        asOwner(List.of(bin.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "fast", "-w", "stop"));
    }

    private void asOwner(List<String> command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of("runuser", "-u", USER, "--"));
        }
        full.addAll(command);
        run(full);
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("PostgreSQL: " + command.get(command.size() - 1) + " failed: " + output);
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static Path serverBinaries() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException("PostgreSQL server binaries not found: install Debian's postgresql");
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Path::compareTo).orElseThrow(() -> new IllegalStateException("no initdb under " + root));
        }
    }
}
