package io.spotlink.support;

import io.spotlink.spot.model.Address;
import io.spotlink.spot.model.CreateRequisition;
import io.spotlink.spot.model.RequisitionPatient;
import io.spotlink.spot.model.Tracking;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** Fictional, valid requisitions for tests, with the patient of {@link Orders}. */
public final class Requisitions {

    private Requisitions() {
    }

    public static CreateRequisition valid(String barcode, String stateCollected) {
        return new CreateRequisition(barcode, List.of("LIPID-PANEL"), "ACC-1001", "spot-lab", stateCollected,
                new RequisitionPatient(Orders.FIRST, Orders.LAST, Orders.EMAIL, Orders.PHONE, "F",
                        LocalDate.parse(Orders.BIRTH_DATE),
                        new Address(Orders.STREET, null, "San Francisco", "CA", "US", "94105")),
                new Tracking("1Z999", "ups"), Map.of("clinic", "north"), Map.of("source_order_id", "S-" + barcode));
    }
}
