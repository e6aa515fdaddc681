package io.spotlink.ops;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import com.fasterxml.jackson.databind.JsonNode;
import io.spotlink.spot.SpotJson;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** LOG_FORMAT=JSON: logback.xml prints one JSON object per line, with the route id and the ids of the log context. */
class JsonLogLinesTest {

    @Test
    void aLogLineIsOneJsonObjectWithTheRouteAndTheIds() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream console = System.out;
        LoggerContext context = new LoggerContext();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            context.setMDCAdapter(MDC.getMDCAdapter()); // the MDC the application writes to
            context.putProperty("LOG_FORMAT", "JSON");
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(getClass().getResource("/logback.xml"));
            MDC.put("camel.routeId", "oru-deliver-mllp");
            MDC.put("spotlink.controlId", "SL42-1");
            MDC.put("spotlink.reportId", "R-7");
            context.getLogger("io.spotlink.delivery.DeliveryDispatcher").info("Delivery {} accepted", 42);
        } finally {
            MDC.clear();
            context.stop();
            System.setOut(console);
        }
        String line = out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("Delivery 42"))
                .findFirst().orElseThrow();
        JsonNode json = SpotJson.mapper().readTree(line);
        assertThat(json.path("message").asText()).isEqualTo("Delivery 42 accepted");
        assertThat(json.path("level").asText()).isEqualTo("INFO");
        assertThat(json.path("camel.routeId").asText()).isEqualTo("oru-deliver-mllp");
        assertThat(json.path("spotlink.controlId").asText()).isEqualTo("SL42-1");
        assertThat(json.path("spotlink.reportId").asText()).isEqualTo("R-7");
    }
}
