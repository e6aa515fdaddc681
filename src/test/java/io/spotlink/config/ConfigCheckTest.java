package io.spotlink.config;

import io.spotlink.SpotlinkApplication;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Start-up refuses settings that cannot work and names every problem in one message. */
class ConfigCheckTest {

    private static final String TEMPLATE = String.join("\n",
            "spot.api.key =",
            "spot.api.connect-timeout = 5s",
            "spotlink.intake.mllp.port = 2576",
            "spotlink.intake.mllp.enabled = true",
            "spotlink.intake.jms.max-deliveries = 5",
            "spotlink.intake.sftp.enabled = false",
            "# spotlink.intake.sftp.password = (from the environment)",
            "# spotlink.intake.sftp.private-key-file =",
            "# spotlink.destination.<name>.type = mllp");

    private final ConfigCheck check = ConfigCheck.of(TEMPLATE);

    @Test
    void goodSettingsHaveNoProblem() {
        assertThat(check.problems(Set.of("spot.api.key", "spotlink.destination.ehr2.type"),
                Map.of("SPOTLINK_DESTINATION_EHR2_TYPE", "mllp", "SPOTLINK_INTAKE_SFTP_PASSWORD", "x"),
                values(Map.of("spot.api.key", "k", "spotlink.intake.mllp.port", "2576", "spotlink.auth.keys",
                        "engine:submitter:" + "0".repeat(64))))).isEmpty();
    }

    @Test
    void everyProblemIsNamedAtOnce() {
        List<String> problems = check.problems(Set.of("spotlink.intake.mllp.prot", "spotlink.intake.mllp.port"),
                Map.of("SPOTLINK_INTAKE_MLLP_HOSTX", "h", "PATH", "/bin"),
                values(Map.of("spotlink.intake.mllp.port", "70000", "spot.api.connect-timeout", "five seconds",
                        "spotlink.intake.mllp.enabled", "yes", "spotlink.intake.jms.max-deliveries", "5x",
                        "spotlink.intake.sftp.enabled", "true", "spotlink.auth.enabled", "false",
                        "spotlink.intake.sftp.private-key-file", "/no/such/key")));

        assertThat(problems).containsExactlyInAnyOrder(
                "unknown setting spotlink.intake.mllp.prot in application.properties",
                "unknown setting in environment variable SPOTLINK_INTAKE_MLLP_HOSTX",
                "spotlink.intake.mllp.port must be a port number (0-65535), not '70000'",
                "spot.api.connect-timeout must be a duration such as 500ms, 30s, 5m or 1h, not 'five seconds'",
                "spotlink.intake.mllp.enabled must be true or false, not 'yes'",
                "spotlink.intake.jms.max-deliveries must be a whole number, not '5x'",
                "spot.api.key is not set: give Spot's API key in the environment variable SPOT_API_KEY",
                "spotlink.intake.sftp.private-key-file names a file that does not exist or cannot be read: "
                        + "/no/such/key");
    }

    @Test
    void anEnabledSftpChannelNeedsAPasswordOrAKey() {
        assertThat(check.problems(Set.of(), Map.of(), values(Map.of("spot.api.key", "k",
                "spotlink.intake.sftp.enabled", "true", "spotlink.auth.enabled", "false"))))
                .containsExactly("spotlink.intake.sftp.enabled is true but neither spotlink.intake.sftp.password "
                        + "(SPOTLINK_INTAKE_SFTP_PASSWORD) nor spotlink.intake.sftp.private-key-file is set");
    }

    @Test
    void tlsThatCannotStartIsNamedOneProblemEach() {
        ConfigCheck shipped = ConfigCheck.shipped();
        List<String> problems = shipped.problems(
                Set.of("spotlink.destination.north-ehr.type", "spotlink.destination.north-ehr.tls.truststore-file"),
                Map.of("SPOTLINK_DESTINATION_NORTH_EHR_TLS_KEYSTORE_PASSWORD", "secret"),
                values(Map.of("spot.api.key", "k", "spotlink.auth.enabled", "false",
                        "spotlink.tls.http.enabled", "true",
                        "spotlink.intake.mllp.tls.enabled", "true",
                        "spotlink.intake.mllp.tls.keystore-file", "/no/such/intake.p12",
                        "spotlink.intake.mllp.tls.truststore-file", "/no/such/cas.p12",
                        "spotlink.destination.north-ehr.type", "mllp",
                        "spotlink.destination.north-ehr.tls.truststore-file", "/no/such/ehr-ca.p12")));
        assertThat(problems).containsExactlyInAnyOrder(
                "spotlink.tls.http.enabled is true but spotlink.tls.http.keystore-file (the server's key and "
                        + "certificate) is not set",
                "spotlink.intake.mllp.tls.keystore-file names a file that does not exist or cannot be read: "
                        + "/no/such/intake.p12",
                "spotlink.intake.mllp.tls.truststore-file names a file that does not exist or cannot be read: "
                        + "/no/such/cas.p12",
                "spotlink.destination.north-ehr.tls.truststore-file names a file that does not exist or cannot be "
                        + "read: /no/such/ehr-ca.p12");
    }

    @Test
    void theShippedSettingsPassTheirOwnCheck() throws Exception {
        java.util.Properties shipped = new java.util.Properties();
        try (var in = java.nio.file.Files.newBufferedReader(java.nio.file.Path.of("config/application.properties"))) {
            shipped.load(in);
        }
        shipped.setProperty("spot.api.key", "k");
        shipped.setProperty("spotlink.auth.keys", "engine:submitter:" + "0".repeat(64));
        assertThat(ConfigCheck.shipped().problems(shipped.stringPropertyNames(), Map.of(),
                key -> Optional.ofNullable(shipped.getProperty(key)).map(String::strip)
                        .filter(v -> !v.isEmpty() && !v.contains("{{")))).isEmpty();
    }

    @Test
    void theBundleRefusesToStartOnBadSettingsBeforeAnythingStarts() {
        assertThatThrownBy(() -> SpotlinkApplication.create(Map.of("spot.api.key", "k", "spotlink.auth.enabled", "false",
                "spotlink.intake.mllp.port", "not-a-port", "spotlink.intake.recovery.owner-timeout", "soon")))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("spotlink.intake.mllp.port must be a port number")
                .hasMessageContaining("spotlink.intake.recovery.owner-timeout must be a duration")
                .satisfies(e -> assertThat(((InvalidSettingsException) e).problems()).hasSize(2));
    }

    @Test
    void apiKeysAreRequiredUnlessAuthIsSwitchedOffAndAlertsNeedAWebhook() {
        assertThat(check.problems(Set.of(), Map.of(), values(Map.of("spot.api.key", "k", "spotlink.alerts.enabled",
                "true")))).containsExactly(
                "spotlink.auth.enabled is true but no API key is configured: set SPOTLINK_AUTH_KEYS or "
                        + "spotlink.auth.keys-file (./spotlink hash-key <key> prints an entry's hash), or set "
                        + "spotlink.auth.enabled=false on a trusted network only",
                "spotlink.alerts.enabled is true but spotlink.alerts.webhook-url (SPOTLINK_ALERTS_WEBHOOK_URL) is "
                        + "not set");
        assertThat(check.problems(Set.of(), Map.of(), values(Map.of("spot.api.key", "k", "spotlink.auth.enabled",
                "false")))).isEmpty();
    }

    private static java.util.function.Function<String, Optional<String>> values(Map<String, String> values) {
        return key -> Optional.ofNullable(values.get(key));
    }
}
