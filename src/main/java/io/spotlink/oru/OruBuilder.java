package io.spotlink.oru;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.v251.group.ORU_R01_ORDER_OBSERVATION;
import ca.uhn.hl7v2.model.v251.group.ORU_R01_PATIENT_RESULT;
import ca.uhn.hl7v2.model.v251.message.ORU_R01;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import io.spotlink.spot.model.Report;
import io.spotlink.spot.model.Result;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Builds one ORU^R01 (v2.5.1) from one Spot report, as {@code /work/shared/hl7-oru-guide.md} lays out:
 * MSH, PID, ORC, OBR, {OBX, [NTE]}, [PDF OBX], [SPM]. Pure: the same input, control id and time give the same
 * message; the only I/O is the PDF fetch in ED mode. An amendment is built the same way from its own report
 * (OBR-25 and OBX-11 {@code C}); the caller passes a fresh control id for every message, resends included.
 *
 * <p>Thread-safe once constructed. Logs ids only (a range it could not read): the message is PHI.
 */
public final class OruBuilder {

    private final CodeMappings mappings;
    private final ObxSegmentMapper obxMapper;
    private final PdfObxMapper pdfMapper;
    // values are checked against HL7's primitive formats as they are set, so a bad value fails here, not at the EHR
    private final HapiContext context = new DefaultHapiContext(ValidationContextFactory.defaultValidation());

    public OruBuilder(CodeMappings mappings, PdfSource pdfSource) {
        this.mappings = Objects.requireNonNull(mappings, "mappings");
        this.obxMapper = new ObxSegmentMapper(mappings);
        this.pdfMapper = new PdfObxMapper(Objects.requireNonNull(pdfSource, "pdfSource"));
    }

    /** An RP-mode builder: nothing is ever fetched. */
    public OruBuilder(CodeMappings mappings) {
        this(mappings, PdfSource.NONE);
    }

    public ORU_R01 build(OruInput input, OruSettings settings, String controlId, Instant messageTime) {
        Objects.requireNonNull(settings, "settings");
        if (!Text.present(controlId)) {
            throw new IllegalArgumentException("controlId is required");
        }
        Objects.requireNonNull(messageTime, "messageTime");
        try {
            ORU_R01 msg = new ORU_R01(context.getModelClassFactory());
            msg.setParser(context.getPipeParser());
            MshSegmentMapper.map(msg.getMSH(), settings, controlId, messageTime);

            ORU_R01_PATIENT_RESULT patientResult = msg.getPATIENT_RESULT();
            PidSegmentMapper.map(patientResult.getPATIENT().getPID(), input, settings);
            java.util.List<String> mismatches = PidSegmentMapper.registrationMismatches(input);
            for (int i = 0; i < mismatches.size(); i++) {
                var nte = patientResult.getPATIENT().getNTE(i);
                nte.getSetIDNTE().setValue(Integer.toString(i + 1));
                nte.getSourceOfComment().setValue("L");
                nte.getComment(0).setValue(mismatches.get(i));
            }

            ORU_R01_ORDER_OBSERVATION order = patientResult.getORDER_OBSERVATION();
            OrderSegmentMapper.mapOrc(order.getORC(), input, settings);
            OrderSegmentMapper.mapObr(order.getOBR(), input, settings, mappings);
            for (int i = 0; i < input.orderNotes().size(); i++) {
                var nte = order.getNTE(i);
                nte.getSetIDNTE().setValue(Integer.toString(i + 1));
                nte.getSourceOfComment().setValue("L");
                nte.getComment(0).setValue(input.orderNotes().get(i));
            }

            Report report = input.report();
            List<Result> results = report.results();
            for (int i = 0; i < results.size(); i++) {
                obxMapper.map(order.getOBSERVATION(i), i + 1, results.get(i), report, settings);
            }
            if (Text.present(report.pdf())) {
                pdfMapper.map(order.getOBSERVATION(results.size()).getOBX(), results.size() + 1, report, settings);
            }
            if (SpmSegmentMapper.applies(input.kit().sample())) {
                SpmSegmentMapper.map(order.getSPECIMEN().getSPM(), input.kit().sample(), report, settings, mappings);
            }
            return msg;
        } catch (HL7Exception e) {
            // ids only: the failing value may be PHI
            throw new OruBuildException("cannot build ORU for order " + input.order().orderId() + ", kit "
                    + input.kit().kitId() + ", report " + input.report().reportId()
                    + (e.getLocation() == null ? "" : " at " + e.getLocation()), e);
        }
    }

    /** ER7 with {@code \r} between segments, delimiters in values escaped. */
    public String encode(ORU_R01 message) {
        try {
            PipeParser parser = context.getPipeParser();
            return parser.encode(message);
        } catch (HL7Exception e) {
            throw new OruBuildException("cannot encode ORU"
                    + (e.getLocation() == null ? "" : " at " + e.getLocation()), e);
        }
    }
}
