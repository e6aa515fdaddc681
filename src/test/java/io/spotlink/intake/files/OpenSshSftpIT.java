package io.spotlink.intake.files;

import io.spotlink.ledger.OrderLedger;
import io.spotlink.sim.SpotSimulator;
import io.spotlink.spot.SpotJson;
import io.spotlink.support.FreePort;
import io.spotlink.support.Orders;
import io.spotlink.support.RunningBundle;
import io.spotlink.support.Simulators;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * order-intake-sftp against a real OpenSSH server (Debian's openssh-server, installed by .ci/run), started here on
 * 127.0.0.1 and a free port with its own config, host key and authorized key, and stopped at the end.
 */
class OpenSshSftpIT {

    private static final Path SSHD = Path.of("/usr/sbin/sshd");

    @TempDir
    Path dir;
    private Process sshd;
    private int port;

    @BeforeEach
    void startSshd() throws Exception {
        assumeThat(Files.isExecutable(SSHD)).as("openssh-server is installed").isTrue();
        Files.createDirectories(Path.of("/run/sshd"));
        Files.setPosixFilePermissions(Path.of("/run/sshd"), PosixFilePermissions.fromString("rwxr-xr-x"));
        keygen(dir.resolve("host_key"));
        keygen(dir.resolve("client_key"));
        Files.copy(dir.resolve("client_key.pub"), dir.resolve("authorized_keys"));
        port = FreePort.find();
        Files.writeString(dir.resolve("sshd_config"), String.join("\n",
                "Port " + port,
                "ListenAddress 127.0.0.1",
                "HostKey " + dir.resolve("host_key"),
                "PidFile " + dir.resolve("sshd.pid"),
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "StrictModes no",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PubkeyAuthentication yes",
                "PermitRootLogin prohibit-password",
                "UsePAM no",
                "Subsystem sftp internal-sftp -d " + dir, // relative paths start in the test folder
                ""));
        sshd = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", dir.resolve("sshd_config").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return true;
            }
        });
        String hostKey = Files.readString(dir.resolve("host_key.pub")).trim().split(" ", 3)[0] + " "
                + Files.readString(dir.resolve("host_key.pub")).trim().split(" ", 3)[1];
        Files.writeString(dir.resolve("known_hosts"), "[127.0.0.1]:" + port + " " + hostKey + "\n");
    }

    @AfterEach
    void stopSshd() throws Exception {
        if (sshd != null) {
            sshd.destroy();
            if (!sshd.waitFor(10, TimeUnit.SECONDS)) {
                sshd.destroyForcibly();
            }
        }
    }

    private static void keygen(Path key) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "rsa", "-b", "3072", "-m", "PEM", "-N", "", "-f",
                key.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("ssh-keygen").isZero();
    }

    @Test
    void ordersOnARealOpenSshServerAreSubmittedAndAcknowledged() throws Exception {
        Path orders = Files.createDirectories(dir.resolve("orders"));
        try (SpotSimulator sim = Simulators.start();
             RunningBundle bundle = RunningBundle.start(dir.resolve("bundle"), sim.baseUrl(), Simulators.API_KEY,
                     Map.of("spotlink.results.poll-enabled", "false", "spotlink.intake.file.enabled", "false",
                             "spotlink.intake.sftp.enabled", "true",
                             "spotlink.intake.sftp.port", Integer.toString(port),
                             "spotlink.intake.sftp.username", System.getProperty("user.name"),
                             "spotlink.intake.sftp.directory", "orders",
                             "spotlink.intake.sftp.private-key-file", dir.resolve("client_key").toString(),
                             "spotlink.intake.sftp.known-hosts-file", dir.resolve("known_hosts").toString()))) {
            Path temp = orders.resolve(".upload.tmp");
            Files.writeString(temp, SpotJson.mapper().writeValueAsString(List.of(Orders.valid("SSH-1"))),
                    StandardCharsets.UTF_8);
            Files.move(temp, orders.resolve("from-openssh.json"));
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(orders.resolve(".done/from-openssh.json"))
                    && Files.exists(orders.resolve(".ack/from-openssh.json.ack.json")));
            assertThat(bundle.bean("orderLedger", OrderLedger.class).findBySource("EPIC-TEST", "SSH-1")).isPresent();
            assertThat(sim.orderCount()).isEqualTo(1);
        }
    }

    @Test
    void refusedFilesOnARealOpenSshServerGoToErrorWithTheirErrorsFile() throws Exception {
        Path orders = Files.createDirectories(dir.resolve("orders"));
        try (SpotSimulator sim = Simulators.start();
             RunningBundle bundle = RunningBundle.start(dir.resolve("bundle"), sim.baseUrl(), Simulators.API_KEY,
                     Map.of("spotlink.results.poll-enabled", "false", "spotlink.intake.file.enabled", "false",
                             "spotlink.intake.sftp.enabled", "true",
                             "spotlink.intake.sftp.port", Integer.toString(port),
                             "spotlink.intake.sftp.username", System.getProperty("user.name"),
                             "spotlink.intake.sftp.directory", "orders",
                             "spotlink.intake.sftp.private-key-file", dir.resolve("client_key").toString(),
                             "spotlink.intake.sftp.known-hosts-file", dir.resolve("known_hosts").toString()))) {
            Files.write(orders.resolve("latin1.json"), SpotJson.mapper().writeValueAsString(List.of(Orders.valid("SSH-2")))
                    .replace(Orders.FIRST, "Zérelda").getBytes(StandardCharsets.ISO_8859_1));
            Files.write(orders.resolve("empty.csv"), new byte[0]);
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(orders.resolve(".error/latin1.json"))
                    && Files.exists(orders.resolve(".error/latin1.json.errors.json"))
                    && Files.exists(orders.resolve(".error/empty.csv.errors.json")));
            assertThat(Files.readString(orders.resolve(".error/latin1.json.errors.json"))).contains("not valid UTF-8");
            assertThat(Files.readString(orders.resolve(".error/empty.csv.errors.json"))).contains("is empty");
            assertThat(sim.orderCount()).isZero();
        }
    }
}
