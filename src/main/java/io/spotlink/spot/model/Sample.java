package io.spotlink.spot.model;

import java.util.List;

/** The one sample of a kit; its reports carry the results. */
public record Sample(String sampleId, SampleStatus status, List<StatusEvent<SampleStatus>> events, String type,
                     List<Shipment> shipments, List<String> panels, List<Report> reports) {

    public List<String> panels() {
        return panels == null ? List.of() : panels;
    }

    public List<Report> reports() {
        return reports == null ? List.of() : reports;
    }

    public List<StatusEvent<SampleStatus>> events() {
        return events == null ? List.of() : events;
    }
}
