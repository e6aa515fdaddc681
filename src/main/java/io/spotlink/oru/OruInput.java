package io.spotlink.oru;

import io.spotlink.spot.model.Kit;
import io.spotlink.spot.model.Order;
import io.spotlink.spot.model.Report;

import java.util.Objects;

/**
 * Everything one ORU^R01 is built from: the Spot order, the kit whose sample was analysed, the report to send
 * (the first report or an amendment) and the hospital's side of the order.
 */
public record OruInput(Order order, Kit kit, Report report, HospitalOrderContext hospital) {

    public OruInput {
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(kit, "kit");
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(hospital, "hospital");
    }
}
