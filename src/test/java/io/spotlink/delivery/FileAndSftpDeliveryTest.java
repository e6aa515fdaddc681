package io.spotlink.delivery;

import com.zaxxer.hikari.HikariDataSource;
import io.spotlink.ledger.LedgerDatabase;
import io.spotlink.support.SftpTestServer;
import io.spotlink.support.YamlRoutes;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The oru-deliver-file and oru-deliver-sftp routes, the latter against an SFTP server with host key checking on. */
class FileAndSftpDeliveryTest {

    private static final String ORU = "MSH|^~\\&|SPOTLINK|SPOT|EHR|HOSP|20260101120000||ORU^R01^ORU_R01|PENDING|P|2.5.1"
            + "|||||||UNICODE UTF-8\rPID|1||MRN1^^^HOSP^MR||Müller^Anna\r";

    @TempDir
    Path dir;
    private HikariDataSource dataSource;
    private DefaultCamelContext camel;
    private SftpTestServer sftp;
    private DeliveryLedger ledger;

    @BeforeEach
    void start() throws Exception {
        sftp = SftpTestServer.start(dir, "ehr", "s3cret-pw");
        Files.createDirectories(sftp.root().resolve("inbound"));
        dataSource = LedgerDatabase.open("jdbc:h2:file:" + dir.resolve("ledger"), "sa", "", 4);
        ledger = new DeliveryLedger(dataSource, Clock.systemUTC(), Duration.ofMinutes(2));
        camel = new DefaultCamelContext();
        Properties p = new Properties();
        p.put("spotlink.deliver.file.enabled", "true");
        p.put("spotlink.deliver.sftp.enabled", "true");
        p.put("spotlink.deliver.file.directory", dir.resolve("outbox").toString());
        p.put("spotlink.deliver.sftp.host", "127.0.0.1");
        p.put("spotlink.deliver.sftp.port", Integer.toString(sftp.port()));
        p.put("spotlink.deliver.sftp.directory", "inbound");
        p.put("spotlink.deliver.sftp.username", "ehr");
        p.put("spotlink.deliver.sftp.password", "s3cret-pw");
        p.put("spotlink.deliver.sftp.known-hosts-file", sftp.knownHosts().toString());
        camel.getPropertiesComponent().setInitialProperties(p);
        YamlRoutes.load(camel, "errors-to-caller.yaml", "oru-deliver-file.yaml", "oru-deliver-sftp.yaml");
        YamlRoutes.bindDestinations(camel);
        camel.start();
    }

    @AfterEach
    void stop() throws Exception {
        camel.stop();
        sftp.close();
        dataSource.close();
    }

    private Delivery queue(String destination) {
        return ledger.enqueue("R-" + destination, 'F', "O1234567", "SPOT123456", "p", destination, ORU, null)
                .orElseThrow();
    }

    private static List<Path> files(Path folder) throws Exception {
        try (Stream<Path> list = Files.list(folder)) {
            return list.toList();
        }
    }

    @Test
    void writesEachOruOnceToTheOutboxAndTheSftpServer() throws Exception {
        DeliveryDispatcher dispatcher = new DeliveryDispatcher(camel, ledger,
                new DeliveryPolicy(3, Duration.ZERO, Duration.ZERO, 10), List.of("file", "sftp"), "SL");
        Delivery toFile = queue("file");
        Delivery toSftp = queue("sftp");

        assertThat(dispatcher.dispatchDue()).isEqualTo(2);
        assertThat(dispatcher.dispatchDue()).isZero();

        List<Path> outbox = files(dir.resolve("outbox"));
        assertThat(outbox).hasSize(1);
        assertThat(outbox.get(0).getFileName().toString())
                .isEqualTo("O1234567-R-file-F-SL" + toFile.id() + "-1.hl7");
        String written = Files.readString(outbox.get(0), StandardCharsets.UTF_8);
        assertThat(written).contains("|SL" + toFile.id() + "-1|", "Müller^Anna");

        List<Path> uploaded = files(sftp.root().resolve("inbound"));
        assertThat(uploaded).extracting(f -> f.getFileName().toString())
                .containsExactly("O1234567-R-sftp-F-SL" + toSftp.id() + "-1.hl7");
        assertThat(ledger.find(toSftp.id()).orElseThrow().status()).isEqualTo(DeliveryStatus.DELIVERED);
    }

    @Test
    void anUnknownHostKeyIsRefusedAndTheDeliveryRetried() throws Exception {
        Files.writeString(sftp.knownHosts(), "[127.0.0.1]:" + sftp.port()
                + " ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDEq5bE0xdVQ0Oik0jkFgHeNrW2p0E3Y3c2G6hXbA6EtL3B7xJcG1vB\n");
        DeliveryDispatcher dispatcher = new DeliveryDispatcher(camel, ledger,
                new DeliveryPolicy(3, Duration.ofMinutes(1), Duration.ofMinutes(1), 10), List.of("sftp"), "SL");
        Delivery d = queue("sftp");
        dispatcher.dispatchDue();
        Delivery after = ledger.find(d.id()).orElseThrow();
        assertThat(after.status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(after.lastError()).isNotBlank();
        assertThat(files(sftp.root().resolve("inbound"))).isEmpty();
    }
}
