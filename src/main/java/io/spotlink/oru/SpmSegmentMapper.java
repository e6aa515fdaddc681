package io.spotlink.oru;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.v251.segment.SPM;
import io.spotlink.spot.model.Report;
import io.spotlink.spot.model.Sample;

/**
 * SPM: the sample. SPM-2 is filler-assigned (EIP-2): {@code <sample_id>&<filler namespace>}; SPM-4 the sample
 * type mapped through {@code config/specimen-types.properties} or sent as a local code; SPM-17 collection and
 * SPM-18 receipt times from the report.
 */
final class SpmSegmentMapper {

    private SpmSegmentMapper() {
    }

    static boolean applies(Sample sample) {
        return sample != null && (Text.present(sample.sampleId()) || Text.present(sample.type()));
    }

    static void map(SPM spm, Sample sample, Report report, OruSettings settings, CodeMappings mappings)
            throws HL7Exception {
        spm.getSetIDSPM().setValue("1");
        if (Text.present(sample.sampleId())) {
            Fields.set(spm.getSpecimenID().getFillerAssignedIdentifier().getEntityIdentifier(), sample.sampleId());
            Fields.set(spm.getSpecimenID().getFillerAssignedIdentifier().getNamespaceID(), settings.fillerNamespace());
        }
        if (Text.present(sample.type())) {
            Fields.cwe(spm.getSpecimenType(), mappings.specimenType(sample.type()));
        }
        Fields.ts(spm.getSpecimenCollectionDateTime().getRangeStartDateTime(),
                Hl7Time.dateTime(report.dateCollected(), settings.timeZone()));
        Fields.ts(spm.getSpecimenReceivedDateTime(), Hl7Time.dateTime(report.dateReceived(), settings.timeZone()));
    }
}
