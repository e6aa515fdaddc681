package io.spotlink.contract;

import ca.uhn.hl7v2.model.v251.message.ORU_R01;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import io.spotlink.ledger.LedgerDatabase;
import io.spotlink.ledger.OrderLedger;
import io.spotlink.following.FollowUpLedger;
import io.spotlink.following.KitTracker;
import io.spotlink.oru.CodeMappings;
import io.spotlink.oru.HospitalOrderContext;
import io.spotlink.oru.OruBuilder;
import io.spotlink.oru.OruInput;
import io.spotlink.oru.OruSettings;
import io.spotlink.spot.SpotBodyReader;
import io.spotlink.spot.SpotJson;
import io.spotlink.spot.model.Kit;
import io.spotlink.spot.model.Order;
import io.spotlink.spot.model.Report;
import io.spotlink.spot.model.Result;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bodies generated from Spot's seed OpenAPI (SchemaBodies walks its schemas) are checked against the document, then
 * fed to what Spotlink does with them: the reader SpotClient uses for a 201/200 body, the poller's status handling
 * (KitTracker's records, and whether the order stays followed) and the ORU builder for every report. No exception
 * may escape, and every result lands in an OBX of its report's ORU.
 */
class SpotContractPropertyTest {

    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
    /** Error kinds the tolerated deviations may raise in the validator; anything else is a generator bug. */
    private static final Set<String> DEVIATION_ERRORS = Set.of("type", "enum", "oneOf", "nullable", "anyOf");

    private static HikariDataSource ledger;
    private static KitTracker kits;
    private static OrderLedger orders;
    private static FollowUpLedger followUp;
    private static OruBuilder oru;
    private static OruSettings settings;
    private static final AtomicInteger SEQ = new AtomicInteger();

    private final SpotBodyReader reader = new SpotBodyReader();

    @BeforeContainer
    static void start() {
        ledger = LedgerDatabase.open("jdbc:h2:mem:contract-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "", 2);
        kits = new KitTracker(ledger, Clock.fixed(T0, ZoneOffset.UTC));
        orders = new OrderLedger(ledger, Clock.fixed(T0, ZoneOffset.UTC), "contract", Duration.ofSeconds(30));
        // an hour later, with no watch period for completed orders: only an open status keeps an order followed
        followUp = new FollowUpLedger(ledger, Clock.fixed(T0.plus(Duration.ofHours(1)), ZoneOffset.UTC),
                Duration.ZERO);
        oru = new OruBuilder(CodeMappings.load(Path.of("config")));
        settings = OruSettings.fromProperties(new Properties());
    }

    @AfterContainer
    static void stop() {
        ledger.close();
    }

    @Property(tries = 1000)
    void everyOrderBodyTheSeedAllowsIsReadFollowedAndResulted(@ForAll Random random) {
        SchemaBodies.Body body = new SchemaBodies(SeedOpenApi.get(), random, 0.08).generate("OrderEmpty");
        assertAllowedOrTolerated(body, "OrderEmpty");

        Order order = reader.readOrder(bytes(body.json()), 201);

        assertThat(order).isNotNull();
        JsonNode id = body.json().get("order_id");
        if (id != null && id.isValueNode() && !id.isNull() && !id.asText().isBlank()) {
            assertThat(order.orderId()).isEqualTo(id.asText());
        }
        assertThat(order.kits()).hasSize(nonNullItems(body.json(), "kits"));
        String spotOrderId = "O" + SEQ.incrementAndGet();
        followsOpenOrders(spotOrderId, order);
        order.kits().forEach(kit -> tracksAndResults(spotOrderId, order, kit));
    }

    @Property(tries = 1000)
    void everyKitBodyTheSeedAllowsIsReadTrackedAndResulted(@ForAll Random random) {
        SchemaBodies.Body body = new SchemaBodies(SeedOpenApi.get(), random, 0.08).generate("Kit");
        assertAllowedOrTolerated(body, "Kit");

        Kit kit = reader.readKit(bytes(body.json()), 200);

        assertThat(kit).isNotNull();
        String spotOrderId = "K" + SEQ.incrementAndGet();
        Order order = new Order(spotOrderId, null, null, null, List.of(kit), null, null, null);
        tracksAndResults(spotOrderId, order, kit);
    }

    /** A body without deviations must be valid; one with deviations may only break the rules they break. */
    private static void assertAllowedOrTolerated(SchemaBodies.Body body, String schema) {
        List<ValidationReport.Message> errors = SeedOpenApi.get().validate(body.json().toString(), schema).stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR).toList();
        if (body.deviations().isEmpty()) {
            assertThat(errors).as("the seed allows this body").isEmpty();
        } else {
            // a deviation buried under a missing optional parent may leave nothing for the validator to see
            errors.forEach(e -> assertThat(kind(e)).as("%s: %s", body.deviations(), e.getMessage())
                    .isIn(DEVIATION_ERRORS));
        }
    }

    private static String kind(ValidationReport.Message m) {
        String key = m.getKey();
        return key.substring(key.lastIndexOf('.') + 1);
    }

    /** Unknown and missing statuses are open: the order stays followed unless Spot said completed or canceled. */
    private static void followsOpenOrders(String spotOrderId, Order order) {
        new JdbcTemplate(ledger).update("INSERT INTO spot_order (source_system, source_order_id, payload_hash, payload, "
                + "spot_order_id, status, attempts, created_at, updated_at) VALUES ('CONTRACT', ?, 'h', '{}', ?, "
                + "'SUBMITTED', 1, ?, ?)", spotOrderId, spotOrderId, java.sql.Timestamp.from(T0),
                java.sql.Timestamp.from(T0));
        int before = followUp.watchedCount();
        orders.updateSpotStatus(spotOrderId, order.status() == null ? null : order.status().wire());
        String wire = order.status() == null ? null : order.status().wire();
        boolean terminal = "completed".equals(wire) || "canceled".equals(wire);
        assertThat(order.status() != null && order.status().terminal()).isEqualTo(terminal);
        // the row was already watched (no status yet); a terminal status takes it out, anything else keeps it
        assertThat(followUp.watchedCount()).as("status %s", wire).isEqualTo(terminal ? before - 1 : before);
        new JdbcTemplate(ledger).update("DELETE FROM spot_order WHERE spot_order_id = ?", spotOrderId); // stays small
    }

    private static void tracksAndResults(String spotOrderId, Order order, Kit kit) {
        Order ours = new Order(spotOrderId, order.status(), order.recipient(), order.kitTypes(), List.of(kit),
                order.created(), order.updated(), order.metadata());
        kits.record(ours);
        if (kit.kitId() != null && kit.kitId().length() <= 32 && !kit.kitId().isBlank()) {
            var row = new JdbcTemplate(ledger).queryForList("SELECT kit_status, sample_status FROM spot_kit WHERE "
                    + "kit_id = ?", kit.kitId());
            assertThat(row).hasSize(1);
            if (kit.status() != null) {
                assertThat(row.get(0).get("KIT_STATUS")).as("kept as its text").isEqualTo(kit.status().wire());
            }
        }
        if (kit.sample() == null) {
            return;
        }
        for (Report report : kit.sample().reports()) {
            HospitalOrderContext hospital = new HospitalOrderContext("P-" + spotOrderId, "EPIC", "MRN1", null, null,
                    null, null, null);
            ORU_R01 message = oru.build(new OruInput(ours, kit, report, hospital), settings, "C1", T0);
            List<String> segments = Arrays.asList(oru.encode(message).split("\r"));
            List<String> obx = segments.stream().filter(s -> s.startsWith("OBX|")).toList();
            int pdf = report.pdf() != null && !report.pdf().isBlank() ? 1 : 0;
            assertThat(obx).as("one OBX per result").hasSize(report.results().size() + pdf);
            for (int i = 0; i < report.results().size(); i++) {
                assertResultLanded(report.results().get(i), obx.get(i).split("\\|", -1));
            }
        }
    }

    /** A result with a value has it in OBX-5 (F/C); one without is OBX-11 X, never F with an empty OBX-5. */
    private static void assertResultLanded(Result result, String[] obx) {
        String status = obx.length > 11 ? obx[11] : "";
        boolean hasValue = result.result() != null && !result.result().isBlank();
        if (hasValue) {
            assertThat(obx[5]).as("OBX-5").isNotEmpty();
            assertThat(status).isIn("F", "C");
        } else {
            assertThat(status).isEqualTo("X");
        }
    }

    private static int nonNullItems(JsonNode body, String field) {
        JsonNode a = body.get(field);
        if (a == null || !a.isArray()) {
            return a != null && a.isObject() ? 1 : 0; // one object reads as a list of one
        }
        int n = 0;
        for (JsonNode item : a) {
            n += item.isNull() ? 0 : 1;
        }
        return n;
    }

    private static byte[] bytes(JsonNode json) {
        try {
            return SpotJson.mapper().writeValueAsString(json).getBytes(StandardCharsets.UTF_8);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
