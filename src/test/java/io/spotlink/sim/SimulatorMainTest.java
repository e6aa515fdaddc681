package io.spotlink.sim;

import io.spotlink.support.FreePort;
import io.spotlink.support.Simulators;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code spotlink sim} takes its settings from the environment as {@code spotlink run} does. */
class SimulatorMainTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void environmentOverridesTheFileAndNamesEverySimKey(@TempDir Path config) throws Exception {
        Files.writeString(config.resolve("simulator.properties"), "sim.port = 1\nsim.fault.error-rate = 0\n");
        int port = FreePort.find();
        Map<String, String> env = Map.of("SPOTLINK_CONFIG_DIR", config.toString(), "SIM_PORT", Integer.toString(port),
                "SPOT_API_KEY", Simulators.API_KEY, "SIM_FAULT_ERROR_RATE", "1", "SIM_VARIANTS", "true");
        Properties settings = SimulatorMain.settings(config, env, new Properties());
        assertThat(settings.getProperty("sim.variants")).isEqualTo("true");
        assertThat(SimulatorConfig.fromProperties(settings).variants()).isTrue();
        try (SpotSimulator sim = SimulatorMain.start(env, new Properties())) {
            assertThat(sim.port()).isEqualTo(port);
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/api/v2/orders/"))
                    .header("Authorization", "Token " + Simulators.API_KEY).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as("SIM_FAULT_ERROR_RATE=1 answers every call 500").isEqualTo(500);
        }
    }

    @Test
    void systemPropertiesWinOverTheEnvironment(@TempDir Path config) {
        Properties system = new Properties();
        system.setProperty("sim.seed", "99");
        Properties settings = SimulatorMain.settings(config, Map.of("SIM_SEED", "5", "SIM_API_KEY", "k"), system);
        assertThat(settings.getProperty("sim.seed")).isEqualTo("99");
        assertThat(settings.getProperty("sim.api-key")).isEqualTo("k");
    }
}
