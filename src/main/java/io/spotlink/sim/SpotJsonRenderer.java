package io.spotlink.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spotlink.spot.SpotJson;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Writes orders and kits as Spot's API shows them at a given instant. */
final class SpotJsonRenderer {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final String[] CARRIERS = {"usps", "ups", "fedex"};

    private final ObjectMapper json = SpotJson.mapper();
    private final String baseUrl;

    SpotJsonRenderer(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    static String time(Instant instant) {
        return TIME.format(instant);
    }

    ObjectNode order(SimOrder order, Instant now) {
        ObjectNode node = json.createObjectNode();
        node.put("order_id", order.orderId);
        node.put("status", order.statusAt(now));
        node.set("recipient", order.recipient);
        ArrayNode kitTypes = node.putArray("kit_types");
        order.kitTypes.forEach(kitTypes::add);
        ArrayNode kits = node.putArray("kits");
        if (!now.isBefore(order.kitsAppearAt)) {
            order.kits.forEach(k -> kits.add(kit(k, order, now)));
        }
        node.put("created", time(order.created));
        node.put("updated", time(order.updatedAt(now)));
        node.set("metadata", order.metadata == null ? null : json.valueToTree(order.metadata));
        return node;
    }

    ObjectNode orderSummary(SimOrder order, Instant now) {
        ObjectNode node = json.createObjectNode();
        node.put("order_id", order.orderId);
        node.put("status", order.statusAt(now));
        node.set("recipient", order.recipient);
        node.put("created", time(order.created));
        node.put("updated", time(order.updatedAt(now)));
        return node;
    }

    ObjectNode kitSummary(SimKit kit, SimOrder order, Instant now) {
        ObjectNode node = json.createObjectNode();
        node.put("kit_id", kit.kitId);
        node.put("kit_type", kit.kitType);
        node.put("order_id", order.orderId);
        node.put("kit_status", kit.statusAt(now, "KIT"));
        node.put("sample_status", kit.statusAt(now, "SAMPLE"));
        node.put("created", time(kit.created));
        node.put("updated", time(kit.lastChangeUntil(now)));
        return node;
    }

    ObjectNode kit(SimKit kit, SimOrder order, Instant now) {
        ObjectNode node = json.createObjectNode();
        node.put("kit_id", kit.kitId);
        node.put("type", kit.kitType);
        node.put("status", kit.statusAt(now, "KIT"));
        node.set("events", events(kit.stepsUntil(now, "KIT")));
        Instant shipped = kit.timeOf("KIT", "in_transit");
        node.set("shipment_to_customer", now.isBefore(shipped) ? null : shipment(kit.trackingNumber, kit, shipped));
        node.set("registered_to", now.isBefore(kit.timeOf("KIT", "registered")) ? null : patient(kit, order));
        node.set("sample", sample(kit, now));
        node.set("metadata", json.valueToTree(kit.metadata));
        return node;
    }

    private ObjectNode sample(SimKit kit, Instant now) {
        ObjectNode sample = json.createObjectNode();
        sample.put("sample_id", kit.sampleId);
        sample.put("status", kit.statusAt(now, "SAMPLE"));
        sample.set("events", events(kit.stepsUntil(now, "SAMPLE")));
        sample.put("type", kit.profile.sampleType());
        ArrayNode shipments = sample.putArray("shipments");
        Instant sent = kit.timeOf("SAMPLE", "in_transit");
        if (!now.isBefore(sent)) {
            shipments.add(shipment(kit.returnTrackingNumber, kit, sent));
        }
        ArrayNode panels = sample.putArray("panels");
        kit.profile.panels().forEach(panels::add);
        sample.set("reports", reports(kit, now));
        return sample;
    }

    private ArrayNode reports(SimKit kit, Instant now) {
        ArrayNode reports = json.createArrayNode();
        Instant partial = kit.timeOf("SAMPLE", "partially_resulted");
        Instant resulted = kit.timeOf("SAMPLE", "resulted");
        if (!now.isBefore(resulted)) {
            reports.add(report(kit, kit.reportId, kit.results, resulted, false));
        } else if (partial != null && !now.isBefore(partial)) {
            // A partial report is the same report, with fewer results, until the sample is fully resulted.
            int half = Math.max(1, kit.results.size() / 2);
            reports.add(report(kit, kit.reportId, kit.results.subList(0, half), partial, false));
        }
        if (kit.hasAmendment() && !now.isBefore(kit.amendedAt())) {
            List<ResultCatalogue.SimResult> amended = new java.util.ArrayList<>(kit.results);
            amended.set(0, ResultCatalogue.amend(amended.get(0)));
            reports.add(report(kit, kit.amendmentReportId, amended, kit.amendedAt(), true));
        }
        return reports;
    }

    private ObjectNode report(SimKit kit, String reportId, List<ResultCatalogue.SimResult> results, Instant resultedAt,
                              boolean amendment) {
        ObjectNode report = json.createObjectNode();
        report.put("report_id", reportId);
        Instant collected = kit.timeOf("SAMPLE", "in_transit").minusSeconds(3600);
        ArrayNode list = report.putArray("results");
        for (ResultCatalogue.SimResult r : results) {
            ObjectNode result = list.addObject();
            result.put("result_type", r.type());
            result.put("name", r.name());
            result.put("time_collected", time(collected));
            if (r.value() instanceof Double d) {
                if (d == Math.rint(d)) {
                    result.put("result", d.longValue());
                } else {
                    result.put("result", d);
                }
            } else {
                result.put("result", (String) r.value());
            }
            result.put("unit_of_measure", r.unit());
            putNumber(result, "range_minimum", r.min());
            putNumber(result, "range_maximum", r.max());
            result.put("comments", r.comments());
        }
        report.put("pdf", baseUrl + "/results/" + reportId + ".pdf");
        report.putNull("txt");
        report.put("date_collected", time(collected));
        report.put("date_received", time(kit.timeOf("SAMPLE", "received")));
        report.put("date_resulted", time(resultedAt));
        report.put("is_amendment", amendment);
        return report;
    }

    private static void putNumber(ObjectNode node, String field, Double value) {
        if (value == null) {
            node.putNull(field);
        } else if (value == Math.rint(value)) {
            node.put(field, value.longValue());
        } else {
            node.put(field, value);
        }
    }

    private ObjectNode patient(SimKit kit, SimOrder order) {
        ObjectNode p = json.createObjectNode();
        JsonNode r = order.recipient;
        p.put("patient_id", kit.patientId);
        p.set("first_name", r.get("first_name"));
        p.set("last_name", r.get("last_name"));
        p.put("date_of_birth", kit.birthDate);
        p.put("sex", kit.sex);
        p.set("email", r.get("email"));
        p.set("phone", r.get("phone"));
        return p;
    }

    private ObjectNode shipment(String tracking, SimKit kit, Instant at) {
        ObjectNode s = json.createObjectNode();
        s.put("tracking_number", tracking);
        s.put("carrier", CARRIERS[Math.abs(tracking.hashCode()) % CARRIERS.length]);
        s.put("created", time(at));
        return s;
    }

    private ArrayNode events(List<SimKit.Step> steps) {
        ArrayNode events = json.createArrayNode();
        for (SimKit.Step step : steps) {
            ObjectNode e = events.addObject();
            e.put("status", step.status());
            e.put("created", time(step.at()));
        }
        return events;
    }
}
