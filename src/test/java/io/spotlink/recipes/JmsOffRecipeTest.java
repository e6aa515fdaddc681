package io.spotlink.recipes;

import com.fasterxml.jackson.databind.JsonNode;
import io.spotlink.sim.SpotSimulator;
import io.spotlink.spot.SpotJson;
import io.spotlink.support.FreePort;
import io.spotlink.support.LogCapture;
import io.spotlink.support.Orders;
import io.spotlink.support.RunningBundle;
import io.spotlink.support.Simulators;
import org.apache.camel.Route;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.apache.commons.io.file.PathUtils;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * README "Customise", recipe 5: JMS intake off with no broker at all. Applies exactly the recipe's edit to a copy of
 * config/ and routes/, starts the bundle from that copy with no broker listening anywhere, and checks it starts
 * cleanly and still takes orders over HTTP.
 */
class JmsOffRecipeTest {

    /** The recipe's edit, as the README gives it. */
    static final Map<String, String> RECIPE = Map.of(
            "spotlink.intake.jms.enabled", "false",
            "spotlink.jms.embedded", "false");

    @TempDir
    Path dir;

    @Test
    void startsCleanlyWithoutAnyBrokerAndTakesOrdersOverHttp() throws Exception {
        Path config = dir.resolve("config");
        Path routes = dir.resolve("routes");
        PathUtils.copyDirectory(Path.of("config"), config);
        PathUtils.copyDirectory(Path.of("routes"), routes);
        applyRecipe(config.resolve("application.properties"));
        int brokerPort = FreePort.find();

        String previousConfigDir = System.getProperty("spotlink.config-dir");
        System.setProperty("spotlink.config-dir", config.toString());
        try (SpotSimulator sim = Simulators.start();
             LogCapture logs = LogCapture.atDebug();
             RunningBundle bundle = RunningBundle.start(dir, sim.baseUrl(), Simulators.API_KEY, Map.of(
                     "spotlink.routes-dir", routes.toString(),
                     // a port nothing listens on: were a broker started or looked for, it would be here
                     "spotlink.jms.embedded.port", Integer.toString(brokerPort)))) {
            var context = bundle.context();
            List<String> ids = context.getRoutes().stream().map(Route::getRouteId).toList();
            assertThat(ids).doesNotContain("order-intake-jms", "oru-deliver-jms")
                    .contains("order-intake-http", "order-submit", "order-intake-file", "order-intake-mllp");
            for (Route route : context.getRoutes()) {
                if (route.isAutoStartup()) { // order-intake-sftp is off by default
                    assertThat(context.getRouteController().getRouteStatus(route.getRouteId()).isStarted())
                            .as(route.getRouteId() + " started").isTrue();
                }
            }
            assertThat(context.getRouteController().getRouteStatus("order-intake-http").isStarted()).isTrue();
            assertThat(context.hasComponent("jms")).as("no jms component, so no connection attempted").isNull();
            assertThat(context.getRegistry().lookupByName("embeddedBroker")).isNull();
            assertThat(context.getRegistry().lookupByName("jmsOrderIntake")).isNull();
            assertThatThrownBy(() -> new Socket().connect(new InetSocketAddress("127.0.0.1", brokerPort), 500))
                    .as("no broker listening").isInstanceOf(java.io.IOException.class);

            var created = bundle.post("/orders", SpotJson.mapper().writeValueAsString(Orders.valid("JMS-OFF-1")));
            assertThat(created.statusCode()).isEqualTo(201);
            JsonNode body = SpotJson.mapper().readTree(created.body());
            assertThat(body.path("spot_order_id").asText()).matches("O\\d{7}");
            assertThat(sim.orderCount()).isEqualTo(1);

            assertThat(logs.events()).as("no error or warning at start-up or intake")
                    .noneMatch(e -> e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN));
            assertThat(logs.events()).as("no JMS client or broker ever logged")
                    .noneMatch(e -> e.getLoggerName().startsWith("org.apache.activemq")
                            || e.getLoggerName().startsWith("org.springframework.jms"));
            assertThat(logs.lines()).noneMatch(l -> l.contains("No bean could be found"));
        } finally {
            if (previousConfigDir == null) {
                System.clearProperty("spotlink.config-dir");
            } else {
                System.setProperty("spotlink.config-dir", previousConfigDir);
            }
        }
    }

    /** Sets each of the recipe's keys in the copied application.properties, where the key already is. */
    static void applyRecipe(Path properties) throws Exception {
        List<String> lines = Files.readAllLines(properties, StandardCharsets.UTF_8);
        List<String> edited = lines.stream().map(line -> {
            String key = line.contains("=") && !line.startsWith("#") ? line.substring(0, line.indexOf('=')).strip() : "";
            return RECIPE.containsKey(key) ? key + " = " + RECIPE.get(key) : line;
        }).toList();
        assertThat(edited).as("each recipe key is in application.properties")
                .containsAll(RECIPE.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue()).toList());
        Files.write(properties, edited, StandardCharsets.UTF_8);
    }
}
