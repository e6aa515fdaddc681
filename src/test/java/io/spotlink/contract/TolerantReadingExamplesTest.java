package io.spotlink.contract;

import com.sun.net.httpserver.HttpServer;
import com.zaxxer.hikari.HikariDataSource;
import io.spotlink.ledger.LedgerDatabase;
import io.spotlink.following.KitTracker;
import io.spotlink.oru.CodeMappings;
import io.spotlink.oru.HospitalOrderContext;
import io.spotlink.oru.OruBuilder;
import io.spotlink.oru.OruInput;
import io.spotlink.oru.OruSettings;
import io.spotlink.spot.SpotClient;
import io.spotlink.spot.SpotClientConfig;
import io.spotlink.spot.model.Address;
import io.spotlink.spot.model.CreateOrder;
import io.spotlink.spot.model.Kit;
import io.spotlink.spot.model.KitStatus;
import io.spotlink.spot.model.Order;
import io.spotlink.spot.model.Recipient;
import io.spotlink.spot.model.Report;
import io.spotlink.spot.model.ResultType;
import io.spotlink.spot.model.SampleStatus;
import io.spotlink.support.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One example per deviation from the seed OpenAPI that Spotlink tolerates, each body served over real HTTP by a
 * small stub Spot and read by SpotClient, then tracked and built into an ORU as the poller would.
 */
class TolerantReadingExamplesTest {

    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

    private HttpServer spot;
    private io.spotlink.support.SpotRoutes routes;
    private SpotClient client;
    private HikariDataSource ledger;
    private final Map<String, String> bodies = new ConcurrentHashMap<>();
    private final OruBuilder oru = new OruBuilder(CodeMappings.load(Path.of("config")));

    @BeforeEach
    void start() throws Exception {
        spot = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        spot.createContext("/api/v2/", exchange -> {
            String body = bodies.get(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            byte[] bytes = (body == null ? "{\"error\":{\"status\":404,\"type\":\"not_found\"}}" : body)
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(body == null ? 404 : "POST".equals(exchange.getRequestMethod()) ? 201 : 200,
                    bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        spot.start();
        routes = io.spotlink.support.SpotRoutes.start("http://127.0.0.1:" + spot.getAddress().getPort(), "key",
                "spot.api.retry.max-redeliveries", "0");
        client = routes.client;
        ledger = LedgerDatabase.open("jdbc:h2:mem:examples-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "", 2);
    }

    @AfterEach
    void stop() {
        ledger.close();
        routes.close();
        spot.stop(0);
    }

    /** A retrieve-order body around one kit; {@code reports} is the JSON array of the kit's sample. */
    private static String order(String orderStatus, String kitStatus, String sampleStatus, String reports) {
        return """
                {"order_id":"O1234567","status":%s,"created":"2026-03-01T10:00:00Z",
                 "recipient":{"first_name":"Zerelda","last_name":"Quigglesworth","email":"z@example.org",
                   "phone":"4155550187","address":{"street1":"1 Main","city":"Austin","state":"TX","country":"US",
                   "zip":"78701"}},
                 "kit_types":["health_kit_1"],
                 "kits":[{"kit_id":"SPOT123456","type":"health_kit_1","status":%s,
                   "registered_to":{"patient_id":"7563e8e2-7fbd-480c-9b8b-2070eda884bf","sex":"F"},
                   "sample":{"sample_id":"SPOT654321","status":%s,"type":"adx100","reports":%s}}]}"""
                .formatted(orderStatus, kitStatus, sampleStatus, reports);
    }

    private static String report(String results) {
        return """
                {"report_id":"R1","is_amendment":false,"date_collected":"2026-03-01T10:00:00Z","results":%s}"""
                .formatted(results);
    }

    private Order retrieve(String body) {
        bodies.put("GET /api/v2/orders/O1234567/", body);
        return client.retrieveOrder("O1234567");
    }

    private List<String> oruSegments(Order order) {
        Kit kit = order.kits().get(0);
        Report report = kit.sample().reports().get(0);
        var message = oru.build(new OruInput(order, kit, report, new HospitalOrderContext("P1", "EPIC", "MRN1", null,
                null, null, null, null)), OruSettings.fromProperties(new Properties()), "C1", T0);
        return Arrays.asList(oru.encode(message).split("\r"));
    }

    private static List<String[]> obx(List<String> segments) {
        return segments.stream().filter(s -> s.startsWith("OBX|")).map(s -> s.split("\\|", -1)).toList();
    }

    @Test
    void rangeMinimumAsStringAndNullReportsGiveTheRightOru() {
        Order order = retrieve(order("\"in_progress\"", "\"registered\"", "\"resulted\"", "[null," + report("""
                [{"result_type":"quantity","name":"HDL Cholesterol","result":250,"unit_of_measure":"mg/dL",
                  "range_minimum":"20","range_maximum":200}]""") + "]"));

        assertThat(order.kits().get(0).sample().reports()).hasSize(1);
        List<String[]> obx = obx(oruSegments(order));
        assertThat(obx).hasSize(1);
        assertThat(obx.get(0)[2]).isEqualTo("NM");
        assertThat(obx.get(0)[5]).isEqualTo("250");
        assertThat(obx.get(0)[7]).isEqualTo("20-200");
        assertThat(obx.get(0)[8]).as("above the range").isEqualTo("H");
        assertThat(obx.get(0)[11]).isEqualTo("F");
    }

    @Test
    void rangeMaximumAsStringAndResultAsNumberWithItsDigits() {
        Order order = retrieve(order("\"completed\"", "\"registered\"", "\"resulted\"", "[" + report("""
                [{"result_type":"quantity","name":"Vitamin B12","result":12.50,"unit_of_measure":"pg/mL",
                  "range_minimum":20,"range_maximum":"200"}]""") + "]"));

        String[] obx = obx(oruSegments(order)).get(0);
        assertThat(obx[5]).as("the number's own digits").isEqualTo("12.50");
        assertThat(obx[7]).isEqualTo("20-200");
        assertThat(obx[8]).isEqualTo("L");
    }

    @Test
    void aRangeThatIsNotANumberGoesToAnNteAndIsLoggedByIdOnly() {
        Order order = retrieve(order("\"completed\"", "\"registered\"", "\"resulted\"", "[" + report("""
                [{"result_type":"quantity","name":"HDL","result":"150","range_minimum":"see lab sheet",
                  "range_maximum":200},
                 {"result_type":"quantity","name":"LDL","result":"99","range_minimum":"0","range_maximum":130}]""")
                + "]"));

        List<String> segments;
        try (LogCapture logs = LogCapture.atDebug()) {
            segments = oruSegments(order);
            assertThat(logs.lines()).anyMatch(l -> l.contains("Report R1, result 1") && l.contains("NTE"));
            assertThat(logs.lines()).noneMatch(l -> l.contains("see lab sheet"));
        }
        List<String[]> obx = obx(segments);
        assertThat(obx).hasSize(2);
        assertThat(obx.get(0)[5]).isEqualTo("150");
        assertThat(obx.get(0)[7]).as("no half range").isEmpty();
        assertThat(obx.get(0)[8]).as("no flag from a range that cannot be read").isEmpty();
        int first = segments.indexOf(String.join("|", obx.get(0)));
        assertThat(segments.get(first + 1)).startsWith("NTE|1|L|Reference range as sent by the lab: see lab sheet - 200");
        assertThat(obx.get(1)[7]).as("the next result is untouched").isEqualTo("0-130");
        assertThat(obx.get(1)[8]).isEqualTo("N");
    }

    @Test
    void unknownStatusesAndResultTypesAreKeptAsTextAndTheOrderStaysFollowed() {
        Order order = retrieve(order("\"on_hold\"", "\"returned_to_sender\"", "\"in_lab_review\"", "[" + report("""
                [{"result_type":"microbiome","name":"Diversity","result":"3.2"}]""") + "]"));

        assertThat(order.status().wire()).isEqualTo("on_hold");
        assertThat(order.status().terminal()).as("unknown is open").isFalse();
        Kit kit = order.kits().get(0);
        assertThat(kit.status()).isEqualTo(KitStatus.of("returned_to_sender"));
        assertThat(kit.status().known()).isFalse();
        assertThat(kit.sample().status().wire()).isEqualTo("in_lab_review");
        assertThat(kit.sample().reports().get(0).results().get(0).resultType()).isEqualTo(ResultType.of("microbiome"));

        KitTracker tracker = new KitTracker(ledger, Clock.fixed(T0, ZoneOffset.UTC));
        assertThat(tracker.record(order)).isEqualTo(2);
        assertThat(tracker.history("SPOT123456")).containsExactly("KIT:returned_to_sender", "SAMPLE:in_lab_review");

        String[] obx = obx(oruSegments(order)).get(0);
        assertThat(obx[2]).as("an unknown type is read by its value").isEqualTo("NM");
        assertThat(obx[5]).isEqualTo("3.2");
    }

    @Test
    void knownStatusesAreTheConstantsAndOnlyCompletedOrCanceledEndFollowing() {
        Order order = retrieve(order("\"canceled\"", "\"canceled\"", "\"partially_resulted\"", "[]"));

        assertThat(order.status().terminal()).isTrue();
        assertThat(order.kits().get(0).status()).isSameAs(KitStatus.CANCELED);
        assertThat(order.kits().get(0).sample().status()).isSameAs(SampleStatus.PARTIALLY_RESULTED);
    }

    @Test
    void aCreateAnswerWithNullAndMissingOptionalsNullItemsAndExtraFieldsIsReadWhole() {
        bodies.put("POST /api/v2/orders/", """
                {"order_id":"O7654321","status":"pending","created":null,"recipient":null,"metadata":null,
                 "kit_types":[null,"health_kit_1"],"spot_internal":{"shard":7},
                 "kits":[null,{"kit_id":"SPOT123457","status":"preparing","events":[null,
                   {"status":"preparing","created":"2026-03-01T10:00:00Z"}],"shipment_to_customer":null,
                   "registered_to":null,"sample":{"sample_id":null,"shipments":[null],"panels":[],"reports":[]}}]}""");

        Order created = client.createOrder(new CreateOrder(List.of("health_kit_1"), new Recipient("A", "B",
                "a@example.org", "4155550100", new Address("1 Main", null, "Austin", "TX", "US", "78701")), Map.of()));

        assertThat(created.orderId()).isEqualTo("O7654321");
        assertThat(created.kitTypes()).containsExactly("health_kit_1");
        assertThat(created.kits()).extracting(Kit::kitId).containsExactly("SPOT123457");
        assertThat(created.kits().get(0).events()).hasSize(1);
        assertThat(created.kits().get(0).sample().shipments()).isEmpty();
        assertThat(created.updated()).as("OrderEmpty has no updated").isNull();
    }

    @Test
    void aRetrieveKitBodyWithUnknownCarrierSampleTypeAndSexIsReadAsText() {
        bodies.put("GET /api/v2/kits/SPOT123458/", """
                {"kit_id":"SPOT123458","type":"health_kit_1","status":"in_transit",
                 "shipment_to_customer":{"tracking_number":null,"carrier":"dhl","created":"2026-03-01T10:00:00Z"},
                 "registered_to":{"patient_id":"p-1","sex":"X","date_of_birth":"1984-07-19"},
                 "sample":{"sample_id":"SPOT654322","status":"received","type":"nasal_swab_v2",
                   "reports":[null,{"report_id":"R9","results":[null,
                     {"result_type":"reactivity","name":"Chlamydia","result":"negative","range_minimum":null}]}]}}""");

        Kit kit = client.retrieveKit("SPOT123458");

        assertThat(kit.shipmentToCustomer().carrier()).isEqualTo("dhl");
        assertThat(kit.registeredTo().sex()).isEqualTo("X");
        assertThat(kit.sample().type()).isEqualTo("nasal_swab_v2");
        Order order = new Order("O1", null, null, null, List.of(kit), null, null, null);
        List<String> segments = oruSegments(order);
        assertThat(obx(segments)).hasSize(1);
        assertThat(segments).anyMatch(s -> s.startsWith("SPM|") && s.contains("nasal_swab_v2"));
    }

    @Test
    void aResultLongerThanAnStFieldGoesOutWholeAsTx() {
        String longText = "Sample haemolysed; repeat collection advised. ".repeat(8).strip();
        Order order = retrieve(order("\"completed\"", "\"registered\"", "\"resulted\"", "[" + report("""
                [{"result_type":"quantity","name":"Potassium","result":"%s"}]""".formatted(longText)) + "]"));

        String[] obx = obx(oruSegments(order)).get(0);
        assertThat(obx[2]).isEqualTo("TX");
        assertThat(obx[5]).isEqualTo(longText);
    }

    @Test
    void aKitIdSpotlinkCannotStoreSkipsThatKitOnly() {
        Kit odd = new Kit("K".repeat(40), "health_kit_1", KitStatus.DELIVERED, null, null, null, null, null);
        Kit fine = new Kit("SPOT123459", "health_kit_1", KitStatus.DELIVERED, null, null, null, null, null);
        KitTracker tracker = new KitTracker(ledger, Clock.fixed(T0, ZoneOffset.UTC));

        assertThat(tracker.record(new Order("O2", null, null, null, List.of(odd, fine), null, null, null))).isEqualTo(1);
        assertThat(new JdbcTemplate(ledger).queryForList("SELECT kit_id FROM spot_kit", String.class))
                .containsExactly("SPOT123459");
    }
}
