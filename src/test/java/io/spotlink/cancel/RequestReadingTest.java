package io.spotlink.cancel;

import com.fasterxml.jackson.databind.JsonNode;
import io.spotlink.intake.CanonicalOrder;
import io.spotlink.intake.InvalidOrderException;
import io.spotlink.intake.hl7.OrmOrderParser;
import io.spotlink.spot.SpotJson;
import io.spotlink.support.Orders;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How cancel and change requests are read: ORC-1 of an ORM, the JSON action, field differences, merge patches. */
class RequestReadingTest {

    private static final String MSH = "MSH|^~\\&|EPIC|GEN|SPOTLINK|SPOT|20261122120000||ORM^O01|C-1|P|2.5.1";
    private static final String PID = "PID|1||M-1^^^GEN^MR||Doe^Jane||19800101|F";

    @Test
    void caAndDcAreCancelsNamingTheirOrderByOrc2OrObr2AndXoIsAWholeOrder() {
        OrmOrderParser.Parsed parsed = new OrmOrderParser().parse(String.join("\r", MSH, PID,
                "ORC|CA|A-1", "OBR|1|A-1||",
                "ORC|DC|", "OBR|1|A-2||",
                "ORC|XO|A-3", "OBR|1|A-3||LIPID") + "\r");
        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.items()).extracting(i -> i.order().sourceOrderId() + ":" + i.control())
                .containsExactlyInAnyOrder("A-1:CA", "A-2:DC", "A-3:XO");
        assertThat(parsed.items()).filteredOn(OrmOrderParser.ParsedOrder::isCancel)
                .allSatisfy(i -> assertThat(i.order().sourceSystem()).isEqualTo("GEN"));
        assertThat(parsed.items()).filteredOn(OrmOrderParser.ParsedOrder::isChange).singleElement()
                .satisfies(i -> assertThat(i.order().testCodes()).containsExactly("LIPID"));
    }

    @Test
    void aCancelWithoutAPlacerNumberIsAProblemAtItsOrc() {
        OrmOrderParser.Parsed parsed = new OrmOrderParser().parse(String.join("\r", MSH, PID,
                "ORC|NW|A-1", "OBR|1|A-1||LIPID", "ORC|CA|", "OBR|2|||") + "\r");
        assertThat(parsed.problems()).extracting(p -> p.segment() + "^" + p.sequence() + "-" + p.field() + ":"
                + p.code()).containsExactly("ORC^2-2:101");
    }

    @Test
    void theJsonActionSaysCancelOrOrderAndNamesTheOrder() throws Exception {
        JsonNode cancel = SpotJson.mapper().readTree("{\"action\":\"Cancel\",\"source_order_id\":\" X-1 \","
                + "\"requested_by\":\"ward-3\",\"recipient\":{}}");
        assertThat(CancelAsk.from(cancel, null)).contains(new CancelAsk(null, "X-1", "ward-3"));
        JsonNode order = SpotJson.mapper().readTree("{\"action\":\"new\",\"source_order_id\":\"X-2\"}");
        assertThat(CancelAsk.from(order, null)).isEmpty();
        assertThat(order.has("action")).as("removed for the strict order reader").isFalse();
        assertThat(CancelAsk.from(SpotJson.mapper().readTree("{\"source_order_id\":\"X-3\"}"), "cancel"))
                .contains(new CancelAsk(null, "X-3", null));
        assertThatThrownBy(() -> CancelAsk.from(SpotJson.mapper().readTree("{\"action\":\"cancel\"}"), null))
                .isInstanceOf(InvalidOrderException.class).hasMessageContaining("source_order_id");
        assertThatThrownBy(() -> CancelAsk.from(SpotJson.mapper().readTree("{\"action\":\"delete\"}"), null))
                .isInstanceOf(InvalidOrderException.class).hasMessageContaining("action");
    }

    @Test
    void changedFieldsAreNamedAndOnlyProviderAndMetadataAreSpotChangeable() {
        CanonicalOrder before = Orders.valid("F-1");
        CanonicalOrder after = new CanonicalOrder("F-1", "EPIC-TEST", List.of("VITD"), List.of(),
                new io.spotlink.spot.model.Recipient(Orders.FIRST, Orders.LAST, Orders.EMAIL, "(415) 555-0187",
                        new io.spotlink.spot.model.Address(Orders.STREET, "Apt 4", "San Francisco", "CA", "US",
                                "94110")),
                before.patient(), new CanonicalOrder.Provider("1245319599", "Wilson", "James"),
                Map.of("department", "cardiology", "notes", "fasting"));
        List<String> changed = ChangedFields.between(before, after);
        assertThat(changed).containsExactly("metadata", "ordering_provider.family_name",
                "ordering_provider.given_name", "ordering_provider.id", "recipient.address.zip", "test_codes");
        assertThat(changed).filteredOn(ChangedFields::spotCanChange).containsExactly("metadata",
                "ordering_provider.family_name", "ordering_provider.given_name", "ordering_provider.id");
        assertThat(ChangedFields.between(before, before)).isEmpty();
    }

    @Test
    void aMergePatchMergesObjectsRemovesNullsAndReplacesTheRest() throws Exception {
        JsonNode target = SpotJson.mapper().readTree("{\"a\":{\"b\":1,\"c\":2},\"d\":[1],\"e\":\"x\"}");
        JsonNode patch = SpotJson.mapper().readTree("{\"a\":{\"c\":null,\"f\":3},\"d\":[2],\"e\":null}");
        assertThat(JsonMergePatch.apply(target, patch).toString()).isEqualTo("{\"a\":{\"b\":1,\"f\":3},\"d\":[2]}");
    }
}
