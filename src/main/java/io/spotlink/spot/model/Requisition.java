package io.spotlink.spot.model;

import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A requisition as create, retrieve and list return it. {@code status} is Spot's text as sent (see
 * {@link #statusValue()}); {@code reports} have the shape of a sample's reports.
 */
public record Requisition(String requisitionId, String status, String barcode, List<String> panels,
                          String accountNumber, String lab, String stateCollected, RequisitionPatient patient,
                          Tracking tracking, Map<String, Object> attributes, Map<String, Object> metadata,
                          List<RequisitionEvent> events, List<Report> reports, OffsetDateTime created,
                          OffsetDateTime updated) {

    public RequisitionStatus statusValue() {
        return RequisitionStatus.of(status);
    }

    public List<String> panels() {
        return Lists.present(panels);
    }

    public List<RequisitionEvent> events() {
        return Lists.present(events);
    }

    public List<Report> reports() {
        return Lists.present(reports);
    }

    /** Spot's "updated" when it sends one, else the time of the latest event. */
    public OffsetDateTime lastChange() {
        if (updated != null) {
            return updated;
        }
        return events().stream().map(RequisitionEvent::date).filter(Objects::nonNull)
                .max(Comparator.naturalOrder()).orElse(created);
    }
}
