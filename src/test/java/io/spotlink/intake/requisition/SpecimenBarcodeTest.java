package io.spotlink.intake.requisition;

import io.spotlink.intake.CanonicalOrder;
import io.spotlink.intake.CanonicalOrderReader;
import io.spotlink.intake.TestCodeMap;
import io.spotlink.intake.hl7.OrmOrderParser;
import io.spotlink.spot.SpotJson;
import io.spotlink.spot.model.CreateRequisition;
import io.spotlink.spot.model.Requisition;
import io.spotlink.spot.model.RequisitionStatus;
import io.spotlink.support.Orders;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Where the specimen barcode comes from (canonical JSON, OML SPM-2, ORM OBR-3) and how it maps to a requisition. */
class SpecimenBarcodeTest {

    private final OrmOrderParser parser = new OrmOrderParser();
    private final RequisitionMapper mapper = new RequisitionMapper(new RequisitionSettings(true, "ACC-1", "spot-lab",
            "", TestCodeMap.load(Path.of("config/requisition-panels.properties"))));

    private static final String PID = "PID|1||M-9^^^GEN^MR||Nunez^Jose||19791102|M|||900 Congress Ave^^Austin^TX^78701^USA"
            + "||5125550147~^NET^Internet^jose@example.org";

    @Test
    void theCanonicalFieldIsSpecimenBarcode() {
        CanonicalOrder order = CanonicalOrderReader.readOne("{\"source_order_id\":\"S-1\",\"specimen_barcode\":\" BC-77 \"}");
        assertThat(order.specimenBarcode()).isEqualTo("BC-77");
        assertThat(CanonicalOrderReader.readOne("{\"source_order_id\":\"S-2\"}").specimenBarcode()).isNull();
    }

    @Test
    void anOmlCarriesItInSpm2AndAnOrmInObr3() {
        String oml = String.join("\r",
                "MSH|^~\\&|EPIC|GEN|SPOTLINK|SPOT|20261122120000||OML^O21^OML_O21|C-2|P|2.5.1", PID,
                "ORC|NW|B-1", "OBR|1|B-1|IGNORED-3|LIPID^Lipids^L", "SPM|1|BC-SPM-1&GEN^FILL-9&SPOT||BLD") + "\r";
        assertThat(parser.parse(oml).orders()).singleElement()
                .satisfies(o -> assertThat(o.specimenBarcode()).as("SPM-2 wins over OBR-3").isEqualTo("BC-SPM-1"));

        String orm = String.join("\r",
                "MSH|^~\\&|EPIC|GEN|SPOTLINK|SPOT|20261122120000||ORM^O01|C-3|P|2.3", PID,
                "ORC|NW|B-2", "OBR|1|B-2|BC-OBR-3|LIPID^Lipids^L", "ORC|NW|B-3", "OBR|1|B-3||VITD^Vit D^L") + "\r";
        List<CanonicalOrder> orders = parser.parse(orm).orders();
        assertThat(orders).extracting(CanonicalOrder::specimenBarcode).containsExactly("BC-OBR-3", null);
    }

    @Test
    void anOrderWithABarcodeMapsToARequisitionWithItsPanelsPatientAndIds() {
        CanonicalOrder o = Orders.valid("S-9");
        CanonicalOrder order = new CanonicalOrder(o.sourceOrderId(), o.sourceSystem(), List.of("WELLNESS", "LIPID"),
                List.of(), o.recipient(), o.patient(), o.orderingProvider(), o.metadata(), "BC-9");
        assertThat(mapper.applies(order)).isTrue();
        assertThat(mapper.problems(order)).isEmpty();
        CreateRequisition r = mapper.toCreateRequisition(order, "EPIC-TEST");
        assertThat(r.barcode()).isEqualTo("BC-9");
        assertThat(r.panels()).containsExactly("LIPID-PANEL", "VITD");
        assertThat(r.accountNumber()).isEqualTo("ACC-1");
        assertThat(r.stateCollected()).as("the patient's state when none is configured").isEqualTo("CA");
        assertThat(r.patient().sex()).isEqualTo("F");
        assertThat(r.patient().dateOfBirth()).hasToString(Orders.BIRTH_DATE);
        assertThat(r.patient().phone()).isEqualTo(Orders.PHONE);
        assertThat(r.metadata()).containsEntry("source_order_id", "S-9").containsEntry("source_system", "EPIC-TEST");

        assertThat(mapper.applies(o)).as("no barcode: an order").isFalse();
        assertThat(new RequisitionMapper(RequisitionSettings.disabled()).applies(order)).as("off").isFalse();
    }

    @Test
    void whatARequisitionNeedsBeyondAnOrderIsNamedByField() {
        CanonicalOrder o = Orders.valid("S-10");
        CanonicalOrder order = new CanonicalOrder(o.sourceOrderId(), o.sourceSystem(), List.of("80061", "NOPANEL"),
                List.of("sti_kit"), o.recipient(), new CanonicalOrder.Patient("M-1", null, "U"), null, null,
                "BC 10/x");
        assertThat(mapper.problems(order)).extracting(e -> e.field()).containsExactly("specimen_barcode",
                "patient.birth_date", "patient.sex", "kit_types", "test_codes[1]");
        assertThat(mapper.problems(order).toString()).doesNotContain("BC 10/x");
    }

    @Test
    void aRequisitionIsReadTolerantly() throws Exception {
        Requisition r = SpotJson.mapper().readValue("{\"requisition_id\":\"r-1\",\"status\":\"on_hold\","
                + "\"barcode\":\"BC-1\",\"panels\":[\"VITD\",null],\"new_field\":{\"x\":1},\"reports\":[null],"
                + "\"events\":[{\"event\":\"created\",\"date\":\"not a date\"}],\"patient\":{\"date_of_birth\":\"?\"}}",
                Requisition.class);
        assertThat(r.status()).as("an unknown status is kept as text").isEqualTo("on_hold");
        assertThat(r.statusValue()).isEqualTo(RequisitionStatus.UNKNOWN);
        assertThat(r.panels()).containsExactly("VITD");
        assertThat(r.reports()).isEmpty();
        assertThat(r.events()).singleElement().satisfies(e -> assertThat(e.date()).isNull());
        assertThat(r.patient().dateOfBirth()).isNull();
        assertThat(io.spotlink.following.RequisitionAsOrder.of(r).status().wire()).isEqualTo("in_progress");
        assertThat(Map.of("resulted", "completed", "denied", "canceled", "approved", "in_progress"))
                .allSatisfy((status, order) -> assertThat(RequisitionStatus.of(status).asOrderStatus().wire())
                        .isEqualTo(order));
    }
}
