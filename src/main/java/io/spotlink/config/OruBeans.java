package io.spotlink.config;

import io.spotlink.intake.CanonicalOrder;
import io.spotlink.delivery.DeliveryDestination;
import io.spotlink.delivery.OruRenderer;
import io.spotlink.delivery.ReportContext;
import io.spotlink.oru.CodeMappings;
import io.spotlink.oru.HospitalOrderContext;
import io.spotlink.oru.OruBuilder;
import io.spotlink.oru.OruInput;
import io.spotlink.oru.OruSettings;
import io.spotlink.spot.SpotClient;
import org.apache.camel.CamelContext;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/** Builds the ORU renderer from the oru.* settings and the code mapping files in config/. */
final class OruBeans {

    private OruBeans() {
    }

    static OruRenderer renderer(CamelContext context, Settings settings, SpotClient spot, Clock clock,
                                List<DeliveryDestination> destinations) {
        Properties oru = context.getPropertiesComponent().loadProperties(key -> key.startsWith(OruSettings.PREFIX));
        // Environment overrides (ORU_SENDING_FACILITY, ...) win, as for every other key.
        oru.stringPropertyNames().forEach(key -> settings.find(key).ifPresent(value -> oru.setProperty(key, value)));
        CodeMappings mappings = CodeMappings.load(Path.of(settings.get("spotlink.config-dir", "config")));
        // ED mode fetches the PDF with the API key; the builder never sees the key.
        OruBuilder builder = new OruBuilder(mappings, spot::fetchDocument);
        Map<String, OruSettings> perDestination = new ConcurrentHashMap<>();
        for (DeliveryDestination d : destinations) {
            // MSH-5/6: the destination's own, else oru.destination.<name>.*, else oru.receiving-*
            OruSettings general = OruSettings.fromProperties(oru, d.name());
            perDestination.put(d.name(), general.withReceiver(
                    d.receivingApplication() != null ? d.receivingApplication() : general.receivingApplication(),
                    d.receivingFacility() != null ? d.receivingFacility() : general.receivingFacility()));
        }
        return (report, destination, controlId) -> {
            OruSettings oruSettings = perDestination.computeIfAbsent(destination,
                    d -> OruSettings.fromProperties(oru, d));
            // notes on the whole order (a cancel the hospital requested), from bean oruOrderNotes when bound
            io.spotlink.oru.OrderNotes notes = context.getRegistry().lookupByNameAndType("oruOrderNotes",
                    io.spotlink.oru.OrderNotes.class);
            OruInput input = new OruInput(report.order(), report.kit(), report.report(), hospital(report),
                    notes == null ? List.of() : notes.notesFor(report.order().orderId()));
            return builder.encode(builder.build(input, oruSettings, controlId, clock.instant()));
        };
    }

    private static HospitalOrderContext hospital(ReportContext report) {
        CanonicalOrder order = report.hospitalOrder();
        HospitalOrderContext context = HospitalOrderContext.of(order);
        return order.sourceSystem() != null ? context : new HospitalOrderContext(context.placerOrderNumber(),
                report.sourceSystem(), context.mrn(), context.patientBirthDate(), context.patientSex(),
                context.providerId(), context.providerFamilyName(), context.providerGivenName());
    }
}
