package io.spotlink;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class SpotlinkApplicationTest {

    @Test
    void everyKeyOfTheConfigFileCanBeOverriddenFromTheEnvironment() {
        Properties file = new Properties();
        file.setProperty("camel.server.port", "8080");
        file.setProperty("spot.api.base-url", "http://127.0.0.1:8099");
        file.setProperty("spotlink.deliver.mllp.ack-timeout", "15000");
        Map<String, String> env = Map.of("CAMEL_SERVER_PORT", "9090", "SPOTLINK_DELIVER_MLLP_ACK_TIMEOUT", "500",
                "UNRELATED", "x");
        assertThat(SpotlinkApplication.environmentOverrides(file, env))
                .containsExactly(Map.entry("camel.server.port", "9090"),
                        Map.entry("spotlink.deliver.mllp.ack-timeout", "500"));
    }
}
