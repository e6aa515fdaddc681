package io.spotlink.oru;

import io.spotlink.spot.model.Kit;
import io.spotlink.spot.model.Order;
import io.spotlink.spot.model.Report;

import java.util.Objects;

/**
 * Everything one ORU^R01 is built from: the Spot order, the kit whose sample was analysed, the report to send
 * (the first report or an amendment), the hospital's side of the order, and notes on the order as a whole (NTE
 * after the OBR, see {@link OrderNotes}).
 */
public record OruInput(Order order, Kit kit, Report report, HospitalOrderContext hospital,
                       java.util.List<String> orderNotes) {

    public OruInput {
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(kit, "kit");
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(hospital, "hospital");
        orderNotes = orderNotes == null ? java.util.List.of() : java.util.List.copyOf(orderNotes);
    }

    /** An input without order notes. */
    public OruInput(Order order, Kit kit, Report report, HospitalOrderContext hospital) {
        this(order, kit, report, hospital, java.util.List.of());
    }
}
