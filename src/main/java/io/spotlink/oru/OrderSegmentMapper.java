package io.spotlink.oru;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.v251.datatype.EI;
import ca.uhn.hl7v2.model.v251.segment.OBR;
import ca.uhn.hl7v2.model.v251.segment.ORC;
import io.spotlink.spot.model.Kit;
import io.spotlink.spot.model.Report;
import io.spotlink.spot.model.Sample;
import io.spotlink.spot.model.SampleStatus;

import java.time.ZoneId;
import java.util.List;

/**
 * ORC and OBR: the hospital's placer number, Spot's filler number ({@link FillerOrderNumber}), the panels, the
 * sample's times and the result status.
 *
 * <p>Panels: OBR-4 holds one coded service, so the sample's first panel goes there and any further panels go to
 * OBR-47 (filler supplemental service information, repeating CE), each mapped to LOINC or sent as a local code.
 * A sample without panels is identified by its kit type as a local code, since OBR-4 is required.
 */
final class OrderSegmentMapper {

    private OrderSegmentMapper() {
    }

    static void mapOrc(ORC orc, OruInput input, OruSettings settings) throws HL7Exception {
        orc.getOrderControl().setValue("RE");
        placer(orc.getPlacerOrderNumber(), input.hospital());
        filler(orc.getFillerOrderNumber(), input, settings);
        HospitalOrderContext h = input.hospital();
        if (h.hasProvider()) {
            Fields.xcn(orc.getOrderingProvider(0), h.providerId(), h.providerFamilyName(), h.providerGivenName());
        }
    }

    static void mapObr(OBR obr, OruInput input, OruSettings settings, CodeMappings mappings) throws HL7Exception {
        Report report = input.report();
        ZoneId zone = settings.timeZone();
        obr.getSetIDOBR().setValue("1");
        placer(obr.getPlacerOrderNumber(), input.hospital());
        filler(obr.getFillerOrderNumber(), input, settings);

        List<Coded> services = services(input.kit(), mappings);
        Fields.ce(obr.getUniversalServiceIdentifier(), services.get(0));
        for (int i = 1; i < services.size(); i++) {
            Fields.ce(obr.getFillerSupplementalServiceInformation(i - 1), services.get(i));
        }

        Fields.ts(obr.getObservationDateTime(), Hl7Time.dateTime(report.dateCollected(), zone));
        Fields.ts(obr.getSpecimenReceivedDateTime(), Hl7Time.dateTime(report.dateReceived(), zone));
        HospitalOrderContext h = input.hospital();
        if (h.hasProvider()) {
            Fields.xcn(obr.getOrderingProvider(0), h.providerId(), h.providerFamilyName(), h.providerGivenName());
        }
        Fields.ts(obr.getResultsRptStatusChngDateTime(), Hl7Time.dateTime(report.dateResulted(), zone));
        obr.getResultStatus().setValue(resultStatus(input));
    }

    /** OBR-25: C for an amendment, P while the sample is only partially resulted, F otherwise. */
    static String resultStatus(OruInput input) {
        if (input.report().isAmendment()) {
            return "C";
        }
        Sample sample = input.kit().sample();
        return sample != null && SampleStatus.PARTIALLY_RESULTED.equals(sample.status()) ? "P" : "F";
    }

    private static List<Coded> services(Kit kit, CodeMappings mappings) {
        Sample sample = kit.sample();
        List<Coded> panels = sample == null ? List.of() : sample.panels().stream()
                .filter(Text::present)
                .map(mappings::panel)
                .toList();
        if (!panels.isEmpty()) {
            return panels;
        }
        String fallback = Text.firstPresent(kit.type(), "SPOT-REPORT");
        return List.of(Coded.local(fallback));
    }

    private static void placer(EI ei, HospitalOrderContext hospital) throws HL7Exception {
        Fields.set(ei.getEntityIdentifier(), hospital.placerOrderNumber());
        Fields.set(ei.getNamespaceID(), hospital.sourceSystem());
    }

    private static void filler(EI ei, OruInput input, OruSettings settings) throws HL7Exception {
        Fields.set(ei.getEntityIdentifier(), FillerOrderNumber.of(input.order().orderId(), input.kit().kitId()));
        Fields.set(ei.getNamespaceID(), settings.fillerNamespace());
    }
}
