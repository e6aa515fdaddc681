package io.spotlink.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * The simulated requisitions. A requisition is answered at once: {@code denied} when collected in a state the
 * simulated lab does not serve ({@link #DENIED_STATES}), else {@code approved}; an approved one then follows its
 * sample through the lab on the simulator's clock (delivered, received, maybe extra_quality_checks, resulted, maybe
 * an amendment), one stage per {@code sim.stage-duration}, with results drawn as for kits of the same panels.
 */
final class SimRequisitions {

    /** States whose samples the simulated lab does not take (a stand-in for Spot's per-account rules). */
    static final Set<String> DENIED_STATES = Set.of("NY", "NJ", "RI");

    /** Panels of the simulator's kit types, so a requisition's results look like a kit's of the same panels. */
    private static final Map<String, String> KIT_TYPE_OF_PANEL = Map.of("LIPID-PANEL", "health_kit_1",
            "HBA1C", "health_kit_1", "STI-PANEL", "sti_kit", "VITD", "vitamin_d_kit");

    /** One requisition: the request as received, and the lifecycle of its sample (none when denied). */
    static final class SimRequisition {
        final String requisitionId;
        final String barcode;
        final JsonNode request;
        final Instant created;
        final SimKit sample;
        final SimOrder asOrder;

        SimRequisition(String requisitionId, String barcode, JsonNode request, Instant created, SimKit sample,
                       SimOrder asOrder) {
            this.requisitionId = requisitionId;
            this.barcode = barcode;
            this.request = request;
            this.created = created;
            this.sample = sample;
            this.asOrder = asOrder;
        }

        boolean denied() {
            return sample == null;
        }
    }

    private final Map<String, SimRequisition> byId = new LinkedHashMap<>();
    private final Map<String, SimRequisition> byBarcode = new LinkedHashMap<>();
    private final Random random;
    private final SimulatorConfig config;

    SimRequisitions(SimulatorConfig config) {
        this.config = config;
        this.random = new Random(config.seed() ^ 0x0E01_51L);
    }

    /** Creates the requisition, or returns null when its barcode is taken (barcodes are unique across Spot). */
    synchronized SimRequisition create(JsonNode body, Instant now) {
        String barcode = body.get("barcode").asText();
        if (byBarcode.containsKey(barcode)) {
            return null;
        }
        boolean denied = DENIED_STATES.contains(body.get("state_collected").asText());
        SimKit sample = denied ? null : plan(barcode, body, now);
        SimOrder asOrder = new SimOrder(uuid(), now, body.get("patient").deepCopy(), List.of(), null, now);
        if (sample != null) {
            asOrder.kits.add(sample);
        }
        SimRequisition requisition = new SimRequisition(uuid(), barcode, body.deepCopy(), now, sample, asOrder);
        byId.put(requisition.requisitionId, requisition);
        byBarcode.put(barcode, requisition);
        return requisition;
    }

    synchronized SimRequisition find(String requisitionId) {
        return byId.get(requisitionId);
    }

    synchronized List<SimRequisition> all() {
        return List.copyOf(byId.values());
    }

    synchronized int count() {
        return byId.size();
    }

    private SimKit plan(String barcode, JsonNode body, Instant start) {
        String kitType = null;
        for (JsonNode panel : body.get("panels")) {
            kitType = kitType != null ? kitType : KIT_TYPE_OF_PANEL.get(panel.asText());
        }
        ResultCatalogue.KitProfile profile = ResultCatalogue.profile(kitType == null ? "requisition" : kitType);
        JsonNode patient = body.get("patient");
        boolean extraChecks = random.nextDouble() < config.extraChecksRate();
        boolean amended = random.nextDouble() < config.amendmentRate();
        SimKit kit = new SimKit(barcode, kitType == null ? "requisition" : kitType, barcode, profile,
                ResultCatalogue.draw(profile, random), uuid(), amended ? uuid() : null, uuid(),
                patient.path("date_of_birth").asText(), patient.path("sex").asText(),
                "9400" + digits(18), "9400" + digits(18), start);
        Duration step = config.stageDuration();
        // Collected and shipped by the clinic: the kit is the clinic's, registered to the patient from the start.
        kit.plan.add(new SimKit.Step("KIT", "in_transit", start));
        kit.plan.add(new SimKit.Step("KIT", "registered", start));
        kit.plan.add(new SimKit.Step("SAMPLE", "in_transit", start));
        int t = 0;
        kit.plan.add(new SimKit.Step("SAMPLE", "delivered", start.plus(step.multipliedBy(++t))));
        kit.plan.add(new SimKit.Step("SAMPLE", "received", start.plus(step.multipliedBy(++t))));
        if (extraChecks) {
            kit.plan.add(new SimKit.Step("SAMPLE", "extra_quality_checks", start.plus(step.multipliedBy(++t))));
        }
        kit.plan.add(new SimKit.Step("SAMPLE", "resulted", start.plus(step.multipliedBy(++t))));
        if (amended) {
            kit.plan.add(new SimKit.Step("REPORT", "amended", start.plus(step.multipliedBy(++t))));
        }
        return kit;
    }

    /** The requisition as Spot shows it at {@code now}. */
    ObjectNode render(SimRequisition r, SpotJsonRenderer renderer, Instant now) {
        ObjectNode node = io.spotlink.spot.SpotJson.mapper().createObjectNode();
        node.put("requisition_id", r.requisitionId);
        node.put("status", statusAt(r, now));
        for (String field : List.of("barcode", "panels", "account_number", "lab", "state_collected", "patient",
                "tracking", "attributes", "metadata")) {
            node.set(field, r.request.hasNonNull(field) ? r.request.get(field) : null);
        }
        var events = node.putArray("events");
        events.addObject().put("event", "created").put("date", SpotJsonRenderer.time(r.created));
        events.addObject().put("event", r.denied() ? "denied" : "approved")
                .put("date", SpotJsonRenderer.time(r.created));
        if (!r.denied()) {
            for (SimKit.Step step : r.sample.stepsUntil(now, "SAMPLE")) {
                if (!step.status().equals("in_transit")) {
                    events.addObject().put("event", step.status()).put("date", SpotJsonRenderer.time(step.at()));
                }
            }
        }
        node.set("reports", r.denied() ? io.spotlink.spot.SpotJson.mapper().createArrayNode()
                : renderer.kit(r.sample, r.asOrder, now).path("sample").path("reports"));
        node.put("created", SpotJsonRenderer.time(r.created));
        node.put("updated", SpotJsonRenderer.time(r.denied() ? r.created : r.sample.lastChangeUntil(now)));
        return node;
    }

    static String statusAt(SimRequisition r, Instant now) {
        if (r.denied()) {
            return "denied";
        }
        String sample = r.sample.statusAt(now, "SAMPLE");
        return sample == null || sample.equals("in_transit") ? "approved" : sample;
    }

    private String uuid() {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    private String digits(int count) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < count; i++) {
            s.append(random.nextInt(10));
        }
        return s.toString();
    }
}
