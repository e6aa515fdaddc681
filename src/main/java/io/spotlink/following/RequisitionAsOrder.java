package io.spotlink.following;

import io.spotlink.spot.model.Address;
import io.spotlink.spot.model.Kit;
import io.spotlink.spot.model.KitStatus;
import io.spotlink.spot.model.Order;
import io.spotlink.spot.model.Recipient;
import io.spotlink.spot.model.RegisteredPatient;
import io.spotlink.spot.model.Requisition;
import io.spotlink.spot.model.RequisitionPatient;
import io.spotlink.spot.model.RequisitionStatus;
import io.spotlink.spot.model.Sample;
import io.spotlink.spot.model.SampleStatus;

import java.util.List;

/**
 * A requisition seen as an order with one kit, so its reports take the path of every report (kit tracking, the
 * delivery ledger, the same ORU builder): the order id is the requisition id, and the kit and its sample are the
 * barcode, so the ORU carries the barcode in SPM-2 and in OBR-3/ORC-3 ({@code <requisition_id>-<barcode>}).
 */
public final class RequisitionAsOrder {

    private RequisitionAsOrder() {
    }

    /** The order a ledger's Spot id names: the order itself, or the requisition seen as an order. */
    public static Order retrieve(io.spotlink.spot.SpotClient spot, io.spotlink.ledger.OrderLedger ledger,
                                 String spotId) {
        return ledger.isRequisition(spotId) ? of(spot.retrieveRequisition(spotId)) : spot.retrieveOrder(spotId);
    }

    public static Order of(Requisition r) {
        RequisitionStatus status = r.statusValue();
        Sample sample = new Sample(r.barcode(), sampleStatus(r), List.of(), null, List.of(), r.panels(),
                r.reports());
        RequisitionPatient p = r.patient();
        RegisteredPatient registered = p == null ? null : new RegisteredPatient(null, p.firstName(), p.lastName(),
                p.dateOfBirth(), p.sex(), p.email(), p.phone());
        KitStatus kitStatus = io.spotlink.spot.model.OrderStatus.CANCELED.equals(status.asOrderStatus())
                ? KitStatus.CANCELED : KitStatus.REGISTERED;
        Kit kit = new Kit(r.barcode(), "requisition", kitStatus, List.of(), null, registered, sample, null);
        Recipient recipient = p == null ? null : new Recipient(p.firstName(), p.lastName(), p.email(), p.phone(),
                p.address() == null ? null : new Address(p.address().street1(), p.address().street2(),
                        p.address().city(), p.address().state(), p.address().country(), p.address().zip()));
        return new Order(r.requisitionId(), status.asOrderStatus(), recipient, List.of(),
                r.barcode() == null ? List.of() : List.of(kit), r.created(), r.lastChange(), r.metadata());
    }

    /**
     * The sample status a requisition status stands for (a collected sample is on its way until delivered); a status
     * Spot adds later is kept as its text.
     */
    static SampleStatus sampleStatus(Requisition r) {
        return switch (r.statusValue()) {
            case CREATED, APPROVED -> SampleStatus.IN_TRANSIT;
            case DELIVERED -> SampleStatus.DELIVERED;
            case RECEIVED -> SampleStatus.RECEIVED;
            case EXTRA_QUALITY_CHECKS -> SampleStatus.EXTRA_QUALITY_CHECKS;
            case RESULTED -> SampleStatus.RESULTED;
            case DELIVERY_EXCEPTION -> SampleStatus.DELIVERY_EXCEPTION;
            case DENIED, REJECTED -> SampleStatus.CANCELED;
            case UNKNOWN -> SampleStatus.of(r.status());
        };
    }
}
