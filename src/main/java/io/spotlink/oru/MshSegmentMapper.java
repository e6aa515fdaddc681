package io.spotlink.oru;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.v251.segment.MSH;

import java.time.Instant;

/** MSH of the ORU: parties from settings, the caller's control id and time, UTF-8 declared for accented names. */
final class MshSegmentMapper {

    static final String VERSION = "2.5.1";
    static final String CHARSET = "UNICODE UTF-8";

    private MshSegmentMapper() {
    }

    static void map(MSH msh, OruSettings settings, String controlId, Instant messageTime) throws HL7Exception {
        msh.getFieldSeparator().setValue("|");
        msh.getEncodingCharacters().setValue("^~\\&");
        Fields.hd(msh.getSendingApplication(), settings.sendingApplication());
        Fields.hd(msh.getSendingFacility(), settings.sendingFacility());
        Fields.hd(msh.getReceivingApplication(), settings.receivingApplication());
        Fields.hd(msh.getReceivingFacility(), settings.receivingFacility());
        Fields.ts(msh.getDateTimeOfMessage(), Hl7Time.dateTime(messageTime, settings.timeZone()));
        msh.getMessageType().getMessageCode().setValue("ORU");
        msh.getMessageType().getTriggerEvent().setValue("R01");
        msh.getMessageType().getMessageStructure().setValue("ORU_R01");
        msh.getMessageControlID().setValue(controlId);
        msh.getProcessingID().getProcessingID().setValue(settings.processingId());
        msh.getVersionID().getVersionID().setValue(VERSION);
        msh.getCharacterSet(0).setValue(CHARSET);
    }
}
