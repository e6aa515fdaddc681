package io.spotlink.oru;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v251.group.ORU_R01_OBSERVATION;
import ca.uhn.hl7v2.model.v251.group.ORU_R01_ORDER_OBSERVATION;
import ca.uhn.hl7v2.model.v251.message.ORU_R01;
import ca.uhn.hl7v2.model.v251.segment.MSH;
import ca.uhn.hl7v2.model.v251.segment.OBR;
import ca.uhn.hl7v2.model.v251.segment.OBX;
import ca.uhn.hl7v2.validation.MessageValidator;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks an encoded ORU the way a receiver would: parsed back with HAPI's {@code PipeParser} under
 * {@code DefaultValidation} (encoding, primitive formats, message structure), then the fields the guide makes
 * mandatory. Error texts name fields, never values (the message is PHI).
 */
public final class OruValidator {

    /** Results F, P, C; a status without results (io.spotlink.status): X canceled, O order received, I specimen in lab */
    private static final Set<String> OBR_STATUS = Set.of("F", "P", "C", "X", "O", "I");
    private static final Set<String> OBX_STATUS = Set.of("F", "C", "X");

    private final HapiContext context = new DefaultHapiContext(ValidationContextFactory.defaultValidation());

    /** The parsed message when valid; otherwise an exception listing the problems. */
    public ORU_R01 validate(String er7) throws OruValidationException {
        ORU_R01 oru;
        try {
            MessageValidator validator = new MessageValidator(context.getValidationContext(), true);
            validator.setValidatePrimitives(true);
            validator.validate(er7, false, MshSegmentMapper.VERSION);
            Message parsed = context.getPipeParser().parse(er7);
            validator.validate(parsed);
            if (!(parsed instanceof ORU_R01 o)) {
                throw new OruValidationException("not an ORU_R01 v2.5.1: " + parsed.getName());
            }
            oru = o;
        } catch (HL7Exception e) {
            throw new OruValidationException("HL7 validation failed"
                    + (e.getLocation() == null ? "" : " at " + e.getLocation()) + ": " + e.getError(), e);
        }
        List<String> problems = checkGuideFields(oru);
        if (!problems.isEmpty()) {
            throw new OruValidationException("ORU does not follow the guide: " + String.join("; ", problems));
        }
        return oru;
    }

    private static List<String> checkGuideFields(ORU_R01 oru) {
        List<String> problems = new ArrayList<>();
        try {
            MSH msh = oru.getMSH();
            require(problems, "ORU^R01^ORU_R01".equals(msh.getMessageType().encode()), "MSH-9 not ORU^R01^ORU_R01");
            require(problems, Text.present(msh.getMessageControlID().getValue()), "MSH-10 empty");
            require(problems, oneOf(Set.of("P", "T", "D"), msh.getProcessingID().getProcessingID().getValue()),
                    "MSH-11 not P/T/D");
            require(problems, MshSegmentMapper.VERSION.equals(msh.getVersionID().getVersionID().getValue()),
                    "MSH-12 not 2.5.1");
            for (ORU_R01_ORDER_OBSERVATION order : oru.getPATIENT_RESULT().getORDER_OBSERVATIONAll()) {
                OBR obr = order.getOBR();
                require(problems, "RE".equals(order.getORC().getOrderControl().getValue()), "ORC-1 not RE");
                require(problems, Text.present(obr.getPlacerOrderNumber().getEntityIdentifier().getValue()),
                        "OBR-2 empty");
                require(problems, Text.present(obr.getFillerOrderNumber().getEntityIdentifier().getValue()),
                        "OBR-3 empty");
                require(problems, Text.present(obr.getUniversalServiceIdentifier().getIdentifier().getValue()),
                        "OBR-4 empty");
                require(problems, oneOf(OBR_STATUS, obr.getResultStatus().getValue()), "OBR-25 not F/P/C/X/O/I");
                for (ORU_R01_OBSERVATION observation : order.getOBSERVATIONAll()) {
                    OBX obx = observation.getOBX();
                    String where = "OBX " + obx.getSetIDOBX().getValue();
                    require(problems, Text.present(obx.getObservationIdentifier().getIdentifier().getValue()),
                            where + ": OBX-3 empty");
                    require(problems, oneOf(OBX_STATUS, obx.getObservationResultStatus().getValue()),
                            where + ": OBX-11 not F/C/X");
                    boolean hasValue = obx.getObservationValueReps() > 0
                            && !obx.getObservationValue(0).getData().isEmpty();
                    require(problems, !hasValue || Text.present(obx.getValueType().getValue()),
                            where + ": OBX-5 without OBX-2");
                    boolean noResult = "X".equals(obx.getObservationResultStatus().getValue());
                    require(problems, hasValue || noResult, where + ": no OBX-5 value, yet OBX-11 is not X");
                    require(problems, !hasValue || !noResult, where + ": OBX-11 X (no result) with a value");
                }
            }
        } catch (HL7Exception e) {
            problems.add("cannot read the structure: " + e.getError());
        }
        return problems;
    }

    /** Null-safe: an empty field is simply not one of the allowed codes. */
    private static boolean oneOf(Set<String> allowed, String value) {
        return value != null && allowed.contains(value);
    }

    private static void require(List<String> problems, boolean ok, String problem) {
        if (!ok) {
            problems.add(problem);
        }
    }
}
