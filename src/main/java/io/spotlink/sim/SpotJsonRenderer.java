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

/**
 * Writes orders and kits as Spot's API shows them at a given instant, conforming to Spot's OpenAPI (range_minimum
 * of a quantity is a string there, optional objects are left out rather than null). With {@code variants} on, it
 * also writes what that document allows but a naive reader trips on (see {@link SpotVariants}).
 */
final class SpotJsonRenderer {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final String[] CARRIERS = {"usps", "ups", "fedex"};

    private final ObjectMapper json = SpotJson.mapper();
    private final String baseUrl;
    private final SpotVariants variants;

    SpotJsonRenderer(String baseUrl) {
        this(baseUrl, false, 0);
    }

    SpotJsonRenderer(String baseUrl, boolean variants, long seed) {
        this.baseUrl = baseUrl;
        this.variants = variants ? new SpotVariants(seed) : null;
    }

    static String time(Instant instant) {
        return TIME.format(instant);
    }

    ObjectNode order(SimOrder order, Instant now) {
        ObjectNode node = json.createObjectNode();
        node.put("order_id", order.orderId);
        node.put("status", variants == null ? order.statusAt(now) : variants.orderStatus(order, order.statusAt(now)));
        node.set("recipient", order.recipient);
        ArrayNode kitTypes = node.putArray("kit_types");
        order.kitTypes.forEach(kitTypes::add);
        ArrayNode kits = node.putArray("kits");
        if (order.kitsVisibleAt(now)) {
            // a replacement kit appears when it is made
            order.kits.stream().filter(k -> !now.isBefore(k.created)).forEach(k -> kits.add(kit(k, order, now)));
        }
        node.put("created", time(order.created));
        node.put("updated", time(order.updatedAt(now)));
        node.set("metadata", order.metadata == null ? null : json.valueToTree(order.metadata));
        if (variants != null) {
            variants.extraFields(node, order.orderId);
        }
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

    /** A kit as inside an order; GET /api/v2/kits/{id}/ adds the order_id its list entry carries. */
    ObjectNode kit(SimKit kit, SimOrder order, Instant now) {
        ObjectNode node = json.createObjectNode();
        node.put("kit_id", kit.kitId);
        node.put("type", kit.kitType);
        String status = kit.statusAt(now, "KIT");
        node.put("status", variants == null ? status : variants.kitStatus(kit.kitId, status));
        node.set("events", events(kit.stepsUntil(now, "KIT")));
        if (kit.reached("KIT", "in_transit", now)) {
            node.set("shipment_to_customer", shipment(kit.trackingNumber, kit, kit.timeOf("KIT", "in_transit")));
        }
        if (kit.reached("KIT", "registered", now)) {
            node.set("registered_to", patient(kit, order));
        }
        node.set("sample", sample(kit, now));
        if (variants == null || !variants.leaveOut(kit.kitId, "metadata")) {
            node.set("metadata", json.valueToTree(kit.metadata));
        }
        if (variants != null) {
            variants.extraFields(node, kit.kitId);
        }
        return node;
    }

    ObjectNode retrievedKit(SimKit kit, SimOrder order, Instant now) {
        ObjectNode node = kit(kit, order, now);
        node.put("order_id", order.orderId);
        return node;
    }

    private ObjectNode sample(SimKit kit, Instant now) {
        ObjectNode sample = json.createObjectNode();
        sample.put("sample_id", kit.sampleId);
        String status = kit.statusAt(now, "SAMPLE");
        sample.put("status", variants == null ? status : variants.sampleStatus(kit.kitId, status));
        sample.set("events", events(kit.stepsUntil(now, "SAMPLE")));
        sample.put("type", kit.profile.sampleType());
        ArrayNode shipments = sample.putArray("shipments");
        if (kit.reached("SAMPLE", "in_transit", now)) {
            shipments.add(shipment(kit.returnTrackingNumber, kit, kit.timeOf("SAMPLE", "in_transit")));
        }
        ArrayNode panels = sample.putArray("panels");
        kit.profile.panels().forEach(panels::add);
        sample.set("reports", reports(kit, now));
        return sample;
    }

    private ArrayNode reports(SimKit kit, Instant now) {
        ArrayNode reports = json.createArrayNode();
        // A kit cut short (an exception, a cancel) has no resulted step: it never gets a report.
        if (kit.reached("SAMPLE", "resulted", now)) {
            reports.add(report(kit, kit.reportId, kit.results, kit.timeOf("SAMPLE", "resulted"), false));
        } else if (kit.reached("SAMPLE", "partially_resulted", now)) {
            Instant partial = kit.timeOf("SAMPLE", "partially_resulted");
            // A partial report is the same report, with fewer results, until the sample is fully resulted.
            int half = Math.max(1, kit.results.size() / 2);
            reports.add(report(kit, kit.reportId, kit.results.subList(0, half), partial, false));
        }
        if (kit.hasAmendment() && !now.isBefore(kit.amendedAt())) {
            List<ResultCatalogue.SimResult> amended = new java.util.ArrayList<>(kit.results);
            amended.set(0, ResultCatalogue.amend(amended.get(0)));
            reports.add(report(kit, kit.amendmentReportId, amended, kit.amendedAt(), true));
        }
        if (variants != null) {
            variants.nullReport(reports, kit.kitId);
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
                if (variants != null && variants.numberAsText(kit.kitId, r.name())) {
                    result.put("result", number(d));
                } else if (d == Math.rint(d)) {
                    result.put("result", d.longValue());
                } else {
                    result.put("result", d);
                }
            } else {
                result.put("result", (String) r.value());
            }
            putOptional(result, "unit_of_measure", r.unit(), kit);
            if ("quantity".equals(r.type())) {
                // Spot's document: a quantity's range_minimum is a string, its range_maximum a number, neither null
                if (r.min() != null) {
                    result.put("range_minimum", number(r.min()));
                }
                if (r.max() != null) {
                    putNumber(result, "range_maximum", r.max());
                }
            } else {
                putNumber(result, "range_minimum", r.min());
                putNumber(result, "range_maximum", r.max());
            }
            putOptional(result, "comments", r.comments(), kit);
        }
        if (variants != null) {
            variants.unknownResultType(list, kit.kitId, time(collected));
        }
        report.put("pdf", baseUrl + "/results/" + reportId + ".pdf");
        if (variants == null || !variants.leaveOut(kit.kitId, "txt")) {
            report.putNull("txt");
        }
        report.put("date_collected", time(collected));
        report.put("date_received", time(kit.timeOf("SAMPLE", "received")));
        report.put("date_resulted", time(resultedAt));
        report.put("is_amendment", amendment);
        return report;
    }

    /** A nullable field: null, or left out when the variants say so. */
    private void putOptional(ObjectNode node, String field, String value, SimKit kit) {
        if (value != null) {
            node.put(field, value);
        } else if (variants == null || !variants.leaveOut(kit.kitId, field)) {
            node.putNull(field);
        }
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
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
