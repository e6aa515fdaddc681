package io.spotlink.oru;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.v251.datatype.XON;
import ca.uhn.hl7v2.model.v251.segment.OBX;

/** OBX-23/24/25: the performing laboratory, its address and medical director, all from config (ELR needs them). */
final class PerformingLabMapper {

    private PerformingLabMapper() {
    }

    static void map(OBX obx, OruSettings.PerformingLab lab) throws HL7Exception {
        if (Text.present(lab.name()) || Text.present(lab.id())) {
            XON xon = obx.getPerformingOrganizationName();
            Fields.set(xon.getOrganizationName(), lab.name());
            if (Text.present(lab.id())) {
                xon.getOrganizationNameTypeCode().setValue("L");
                Fields.hd(xon.getAssigningAuthority(), lab.idAuthority());
                xon.getIdentifierTypeCode().setValue("XX");
                Fields.set(xon.getOrganizationIdentifier(), lab.id());
            }
        }
        if (lab.hasAddress()) {
            Fields.xad(obx.getPerformingOrganizationAddress(), lab.street(), null, lab.city(), lab.state(), lab.zip(),
                    lab.country());
        }
        if (lab.hasDirector()) {
            Fields.xcn(obx.getPerformingOrganizationMedicalDirector(), lab.directorId(), lab.directorFamilyName(),
                    lab.directorGivenName());
        }
    }
}
