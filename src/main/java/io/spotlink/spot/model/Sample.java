package io.spotlink.spot.model;

import java.util.List;

/** The one sample of a kit; its reports carry the results. */
public record Sample(String sampleId, SampleStatus status, List<StatusEvent<SampleStatus>> events, String type,
                     List<Shipment> shipments, List<String> panels, List<Report> reports) {

    public List<Shipment> shipments() {
        return Lists.present(shipments);
    }

    public List<String> panels() {
        return Lists.present(panels);
    }

    public List<Report> reports() {
        return Lists.present(reports);
    }

    public List<StatusEvent<SampleStatus>> events() {
        return Lists.present(events);
    }
}
