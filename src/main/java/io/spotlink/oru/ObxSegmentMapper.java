package io.spotlink.oru;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.v251.group.ORU_R01_OBSERVATION;
import ca.uhn.hl7v2.model.v251.segment.NTE;
import ca.uhn.hl7v2.model.v251.segment.OBX;
import io.spotlink.spot.model.Report;
import io.spotlink.spot.model.Result;
import io.spotlink.spot.model.ResultType;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * One OBX per Spot result, followed by NTE segments: a reference range that is not a number (as Spot's text), then
 * the comments (one per comment line, so line breaks survive without relying on the receiver's handling of escape
 * sequences).
 */
final class ObxSegmentMapper {

    private static final Logger LOG = LoggerFactory.getLogger(ObxSegmentMapper.class);

    private final CodeMappings mappings;
    private final ObxValueClassifier classifier;

    ObxSegmentMapper(CodeMappings mappings) {
        this.mappings = mappings;
        this.classifier = new ObxValueClassifier(mappings);
    }

    void map(ORU_R01_OBSERVATION group, int setId, Result result, Report report, OruSettings settings)
            throws HL7Exception {
        OBX obx = group.getOBX();
        obx.getSetIDOBX().setValue(Integer.toString(setId));
        Fields.ce(obx.getObservationIdentifier(),
                mappings.observation(Text.firstPresent(result.name(), "UNNAMED-RESULT")));

        ReferenceRange range = hasUnitsAndRange(result)
                ? ReferenceRange.of(result.rangeMinimum(), result.rangeMaximum()) : ReferenceRange.NONE;
        if (!Text.present(result.result())) {
            // No value: X (results cannot be obtained), never F with an empty OBX-2/OBX-5 the EHR would file.
            obx.getObservationResultStatus().setValue("X");
        } else {
            ObxValue value = classifier.classify(result);
            ObxValueMapper.map(obx, value);
            if (hasUnitsAndRange(result)) {
                mappings.units().toCoded(result.unitOfMeasure()).ifPresent(u -> ce(obx, u));
                Fields.set(obx.getReferencesRange(), range.obx7());
            }
            AbnormalFlag.of(value, range.min(), range.max()).ifPresent(flag -> set(obx, flag));
            obx.getObservationResultStatus().setValue(resultStatus(report));
        }
        // time_collected, else the report's collection time: an OBX without a time is hard to chart
        OffsetDateTime observed = result.timeCollected() != null ? result.timeCollected() : report.dateCollected();
        Fields.ts(obx.getDateTimeOfTheObservation(), Hl7Time.dateTime(observed, settings.timeZone()));
        PerformingLabMapper.map(obx, settings.performingLab());

        List<String> notes = new ArrayList<>();
        if (range.uninterpreted()) {
            // ids only: the range itself is in the message, not in the log
            LOG.info("Report {}, result {}: reference range is not a number; sent as an NTE", report.reportId(),
                    setId);
            notes.add(range.note());
        }
        if (Text.present(result.comments())) {
            notes.addAll(List.of(result.comments().split("\\R")));
        }
        notes(group, notes);
    }

    /** OBX-11: C for every result of an amending report (v2.5.1 has no A), F otherwise. */
    static String resultStatus(Report report) {
        return report.isAmendment() ? "C" : "F";
    }

    /** Units and range belong to quantities (NM, SN, ST text); reactivity and genotype leave OBX-6/7 empty. */
    private static boolean hasUnitsAndRange(Result result) {
        return !ResultType.REACTIVITY.equals(result.resultType()) && !ResultType.GENOTYPE.equals(result.resultType());
    }

    private static void notes(ORU_R01_OBSERVATION group, List<String> lines) throws HL7Exception {
        int setId = 0;
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            NTE nte = group.getNTE(setId);
            nte.getSetIDNTE().setValue(Integer.toString(++setId));
            nte.getSourceOfComment().setValue("L");
            nte.getComment(0).setValue(line.strip());
        }
    }

    private static void ce(OBX obx, Coded units) {
        try {
            Fields.ce(obx.getUnits(), units);
        } catch (HL7Exception e) {
            throw new OruBuildException("bad units value", e);
        }
    }

    private static void set(OBX obx, AbnormalFlag flag) {
        try {
            obx.getAbnormalFlags(0).setValue(flag.code());
        } catch (HL7Exception e) {
            throw new OruBuildException("bad abnormal flag", e);
        }
    }
}
