package io.spotlink.intake;

import io.spotlink.spot.SpotJson;
import io.spotlink.spot.model.CreateOrder;
import io.spotlink.support.Orders;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SpotOrderMapperTest {

    private final TestCodeMap codes = TestCodeMap.load(Path.of("config/test-codes.properties"));
    private final SpotOrderMapper mapper = new SpotOrderMapper(codes);

    @Test
    void mapsToSpotsCreateOrderWithTheHospitalIdsInMetadata() throws Exception {
        CreateOrder create = mapper.toCreateOrder(Orders.valid("A-1"), "EPIC-TEST");

        assertThat(create.kitTypes()).containsExactly("health_kit_1");
        assertThat(create.recipient().phone()).isEqualTo("4155550187");
        assertThat(create.recipient().address().street2()).isEqualTo("Apt 4");
        assertThat(create.metadata()).containsEntry("source_system", "EPIC-TEST")
                .containsEntry("source_order_id", "A-1").containsEntry("mrn", "MRN-A-1")
                .containsEntry("department", "cardiology");
        String json = SpotJson.mapper().writeValueAsString(create);
        assertThat(json).contains("\"kit_types\":[\"health_kit_1\"]", "\"first_name\":\"Zerelda\"",
                "\"country\":\"US\"").doesNotContain("birth");
    }

    @Test
    void testCodesAreCaseInsensitiveAndKitTypesAreNotRepeated() {
        CanonicalOrder o = Orders.valid("A-2");
        CanonicalOrder order = new CanonicalOrder("A-2", null, List.of("wellness", "LIPID"), List.of("health_kit_1"),
                o.recipient(), null, null, null);
        assertThat(mapper.kitTypes(order)).containsExactly("health_kit_1", "vitamin_d_kit");
    }

    @Test
    void readsTheDocumentedCanonicalJson() {
        CanonicalOrder order = CanonicalOrderReader.readOne("""
                {"source_order_id":"X-9","test_codes":["LIPID"],
                 "recipient":{"first_name":"A","last_name":"B","email":"a@b.org","phone":"4155550100",
                   "address":{"street1":"1 Main","city":"Austin","state":"TX","country":"US","zip":"73301"}},
                 "patient":{"mrn":"M-1","birth_date":"1970-01-02","sex":"M"},
                 "ordering_provider":{"id":"1234567893","family_name":"House","given_name":"Greg"},
                 "unknown_field":true}""");
        assertThat(order.sourceOrderId()).isEqualTo("X-9");
        assertThat(order.patient().birthDate()).isEqualTo("1970-01-02");
        assertThat(order.orderingProvider().familyName()).isEqualTo("House");
    }

    @Test
    void aTypeErrorNamesItsField() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CanonicalOrderReader.readOne(
                        "{\"source_order_id\":\"X\",\"recipient\":{\"address\":[1,2]}}"))
                .isInstanceOfSatisfying(InvalidOrderException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field).containsExactly("recipient.address"));
    }

    @Test
    void payloadHashIsStableAcrossFieldOrder() {
        String a = CanonicalJson.write(CanonicalOrderReader.readOne("{\"source_order_id\":\"1\",\"metadata\":{\"b\":1,\"a\":2}}"));
        String b = CanonicalJson.write(CanonicalOrderReader.readOne("{\"metadata\":{\"a\":2,\"b\":1},\"source_order_id\":\"1\"}"));
        assertThat(CanonicalJson.sha256(a)).isEqualTo(CanonicalJson.sha256(b)).hasSize(64);
    }
}
