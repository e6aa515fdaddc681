package io.spotlink.retention;

import com.fasterxml.jackson.databind.JsonNode;
import io.spotlink.ledger.OrderLedger;
import io.spotlink.ledger.OrderRecord;
import io.spotlink.delivery.Delivery;
import io.spotlink.delivery.DeliveryLedger;
import io.spotlink.spot.SpotJson;
import io.spotlink.support.RunningBundle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole bundle: route retention-prune (leader only) prunes work that finished 40 days ago, after which the HTTP
 * faces still answer for the metadata and say the content was pruned, a replay of a pruned delivery is refused with
 * 409, and the metrics count what was pruned. The old work is recorded through the ledgers on a clock set 40 days
 * back; the route runs on its timer.
 */
class RetentionHttpTest {

    @TempDir
    Path dir;
    private RunningBundle bundle;

    @BeforeEach
    void start() throws Exception {
        bundle = RunningBundle.start(dir, "http://127.0.0.1:1", "k", Map.of(
                "spotlink.results.poll-enabled", "false", "spotlink.deliver.file.enabled", "false",
                "spotlink.retention.interval", "200ms", "spotlink.retention.start-delay", "0"));
    }

    @AfterEach
    void stop() {
        bundle.close();
    }

    private JsonNode json(HttpResponse<String> response) throws Exception {
        return SpotJson.mapper().readTree(response.body());
    }

    @Test
    void afterPruningLookupsAnswerForMetadataAndAPrunedDeliveryCannotBeReplayed() throws Exception {
        DataSource ds = bundle.bean("ledgerDataSource", DataSource.class);
        Clock past = Clock.fixed(Instant.now().minus(Duration.ofDays(40)), ZoneOffset.UTC);
        OrderLedger oldOrders = new OrderLedger(ds, past, "old-instance", Duration.ofSeconds(30));
        DeliveryLedger oldDeliveries = new DeliveryLedger(ds, past, Duration.ofMinutes(2));
        OrderRecord order = oldOrders.claim("EPIC", "SO-OLD-1", "MRN-1", "h", "{\"source_order_id\":\"SO-OLD-1\"}")
                .record();
        oldOrders.markSubmitted(order.id(), "O7654321", "completed");
        new JdbcTemplate(ds).update("INSERT INTO spot_kit (kit_id, spot_order_id, kit_status, updated_at) VALUES "
                + "('SPOT765432', 'O7654321', 'resulted', ?)", Timestamp.from(past.instant()));
        Delivery delivery = oldDeliveries.enqueue("R-OLD-1", 'F', "O7654321", "SPOT765432", "EPIC:MRN-1", "mllp",
                "MSH|^~\\&|PID|Anna Muller", null).orElseThrow();
        oldDeliveries.claim(delivery, "SL" + delivery.id() + "-1", delivery.message());
        oldDeliveries.delivered(delivery.id(), "AA", "ok");
        Delivery parked = oldDeliveries.enqueue("R-OLD-2", 'F', "O1111111", "SPOT111111", "EPIC:MRN-2", "mllp",
                "MSH|^~\\&|PID|Ben Example", null).orElseThrow();
        oldDeliveries.park(parked.id(), "EHR answered AE", "AE", "unknown patient");
        // a dead letter without a timestamp counts as from 1970: long past its 30 days
        try (jakarta.jms.Connection c = bundle.jmsClient().createConnection();
             jakarta.jms.Session s = c.createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE)) {
            var producer = s.createProducer(s.createQueue("spotlink.orders.DLQ"));
            producer.setDisableMessageTimestamp(true);
            producer.send(s.createTextMessage("{\"recipient\":{\"first_name\":\"Anna\"}}"));
        }
        OrderLedger today = bundle.bean("orderLedger", OrderLedger.class);
        today.claim("EPIC", "SO-NEW-1", "MRN-3", "h", "{\"source_order_id\":\"SO-NEW-1\"}");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode found = json(bundle.get("/orders/SO-OLD-1"));
            assertThat(found.path("content").asText()).isEqualTo("pruned");
            assertThat(found.path("content_pruned_at").asText()).isNotBlank();
        });
        JsonNode found = json(bundle.get("/orders/SO-OLD-1"));
        assertThat(found.path("status").asText()).isEqualTo("submitted");
        assertThat(found.path("spot_order_id").asText()).isEqualTo("O7654321");
        assertThat(found.path("kits").get(0).path("kit_id").asText()).isEqualTo("SPOT765432");
        assertThat(json(bundle.get("/orders/SO-NEW-1")).path("content").asText()).isEqualTo("kept");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                json(bundle.get("/deliveries?status=delivered")).path("deliveries").get(0).path("content").asText())
                .isEqualTo("pruned"));
        JsonNode listed = json(bundle.get("/deliveries?status=delivered")).path("deliveries").get(0);
        assertThat(listed.path("id").asLong()).isEqualTo(delivery.id());
        assertThat(listed.path("report_id").asText()).isEqualTo("R-OLD-1");
        assertThat(listed.path("ack_code").asText()).isEqualTo("AA");
        assertThat(listed.path("content_pruned_at").asText()).isNotBlank();
        JsonNode parkedListed = json(bundle.get("/deliveries?status=failed")).path("deliveries").get(0);
        assertThat(parkedListed.path("content").asText()).isEqualTo("kept");

        HttpResponse<String> refused = bundle.post("/deliveries/" + delivery.id() + "/replay", "");
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(json(refused).path("reason").asText()).isEqualTo("content-pruned");
        assertThat(json(refused).path("message").asText()).contains("pruned by retention");
        assertThat(bundle.post("/deliveries/" + parked.id() + "/replay", "").statusCode()).isEqualTo(202);

        String metrics = bundle.get("/observe/metrics").body();
        assertThat(metrics).containsPattern("spotlink_retention_pruned_total\\{kind=\"content\",store=\"orders\"\\} 1\\.0");
        assertThat(metrics).containsPattern("spotlink_retention_pruned_total\\{kind=\"content\",store=\"deliveries\"\\} 1\\.0");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(bundle.get("/observe/metrics").body())
                .containsPattern("spotlink_retention_pruned_total\\{kind=\"content\",store=\"dead-letters\"\\} 1\\.0"));
        assertThat(bundle.context().getRoute("retention-prune").getEndpoint().getEndpointUri()).startsWith("master:");
    }
}
