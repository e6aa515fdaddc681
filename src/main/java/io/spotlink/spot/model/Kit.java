package io.spotlink.spot.model;

import java.util.List;
import java.util.Map;

/** A kit, inside an order or from GET /api/v2/kits/{id}/. */
public record Kit(String kitId, String type, KitStatus status, List<StatusEvent<KitStatus>> events,
                  Shipment shipmentToCustomer, RegisteredPatient registeredTo, Sample sample,
                  Map<String, Object> metadata) {

    public List<StatusEvent<KitStatus>> events() {
        return Lists.present(events);
    }
}
