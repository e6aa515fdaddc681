package io.spotlink.routes;

import io.spotlink.intake.files.QuietPeriodReadLock;
import io.spotlink.support.YamlRoutes;
import org.apache.camel.component.file.remote.SftpEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * order-intake-sftp writes its server and login once (spotlink.intake.sftp.server and .login in
 * config/application.properties): the read and the .ack and .error URIs all carry the same login.
 */
class OrderIntakeSftpUriTest {

    @Test
    void theReadAndBothReplyUrisShareOneLogin() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            Properties p = new Properties();
            p.load(java.nio.file.Files.newBufferedReader(java.nio.file.Path.of("config/application.properties")));
            p.put("spotlink.config-dir", "config");
            p.put("spotlink.intake.sftp.host", "sftp.hospital.test");
            p.put("spotlink.intake.sftp.port", "2022");
            p.put("spotlink.intake.sftp.username", "hospital");
            camel.getPropertiesComponent().setInitialProperties(p);
            camel.getRegistry().bind("sftpIntakeReadLock", new QuietPeriodReadLock<>());
            YamlRoutes.load(camel, "order-intake-sftp.yaml");
            camel.start();

            SftpEndpoint read = camel.getEndpoints().stream().filter(e -> e instanceof SftpEndpoint)
                    .map(SftpEndpoint.class::cast).findFirst().orElseThrow();
            assertThat(read.getConfiguration().getHost()).isEqualTo("sftp.hospital.test");
            assertThat(read.getConfiguration().getPort()).isEqualTo(2022);
            assertThat(read.getConfiguration().getDirectory()).isEqualTo("orders");
            assertThat(read.getConfiguration().getUsername()).isEqualTo("hospital");
            assertThat(read.getConfiguration().getKnownHostsFile()).isEqualTo("config/known_hosts");
            assertThat(read.getConfiguration().getStrictHostKeyChecking()).isEqualTo("yes");
            assertThat(read.getInclude()).isEqualTo(".*\\.(json|csv|JSON|CSV)");
            assertThat(read.getConfiguration().isStreamDownload()).isTrue();
            assertThat(read.getExclusiveReadLockStrategy()).isInstanceOf(QuietPeriodReadLock.class);

            String login = "?username=hospital&password=RAW()&privateKeyFile=&knownHostsFile=config/known_hosts"
                    + "&strictHostKeyChecking=yes";
            assertThat(camel.resolvePropertyPlaceholders("{{spotlink.intake.sftp.server}}/.ack?{{spotlink.intake.sftp.login}}"))
                    .isEqualTo("sftp:sftp.hospital.test:2022/orders/.ack" + login);
            String route = java.nio.file.Files.readString(java.nio.file.Path.of("routes/order-intake-sftp.yaml"));
            assertThat(route).contains("\"{{spotlink.intake.sftp.server}}/.ack?{{spotlink.intake.sftp.login}}\"",
                    "\"{{spotlink.intake.sftp.server}}/.error?{{spotlink.intake.sftp.login}}\"")
                    .doesNotContain("username=", "knownHostsFile");
        }
    }
}
