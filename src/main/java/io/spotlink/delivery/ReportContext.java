package io.spotlink.delivery;

import io.spotlink.intake.CanonicalOrder;
import io.spotlink.spot.model.Kit;
import io.spotlink.spot.model.Order;
import io.spotlink.spot.model.Report;

/**
 * Everything one ORU is made from: the hospital's order as it came in, and Spot's order, kit and report.
 * resultStatus is OBR-25: P (sample partially resulted), F (resulted) or C (an amendment).
 */
public record ReportContext(CanonicalOrder hospitalOrder, String sourceSystem, Order order, Kit kit, Report report,
                            char resultStatus) {

    public static char resultStatusOf(Kit kit, Report report) {
        if (report.isAmendment()) {
            return 'C';
        }
        // The same rule as OBR-25 in the ORU (OrderSegmentMapper.resultStatus)
        boolean partial = kit.sample() != null
                && io.spotlink.spot.model.SampleStatus.PARTIALLY_RESULTED.equals(kit.sample().status());
        return partial ? 'P' : 'F';
    }

    /** Deliveries of one patient keep their order: keyed by the hospital MRN, else Spot's patient, else the order. */
    public String patientKey() {
        if (hospitalOrder != null && hospitalOrder.patient() != null && hospitalOrder.patient().mrn() != null) {
            return sourceSystem + ":" + hospitalOrder.patient().mrn();
        }
        if (kit.registeredTo() != null && kit.registeredTo().patientId() != null) {
            return "spot:" + kit.registeredTo().patientId();
        }
        return "order:" + order.orderId();
    }
}
