package io.spotlink.oru;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.v251.datatype.CX;
import ca.uhn.hl7v2.model.v251.datatype.XPN;
import ca.uhn.hl7v2.model.v251.datatype.XTN;
import ca.uhn.hl7v2.model.v251.segment.PID;
import io.spotlink.spot.model.Address;
import io.spotlink.spot.model.Recipient;
import io.spotlink.spot.model.RegisteredPatient;

import java.util.Locale;

/**
 * PID: the person the kit was registered to ({@code registered_to}), falling back to the order's recipient; the
 * birth date and sex the hospital ordered with come first, and a different registration is noted, not hidden. Identifiers: the hospital MRN (type MR) first, so the EHR matches on it, then Spot's
 * patient id (type PI).
 */
final class PidSegmentMapper {

    private PidSegmentMapper() {
    }

    static void map(PID pid, OruInput input, OruSettings settings) throws HL7Exception {
        RegisteredPatient reg = input.kit().registeredTo();
        Recipient rcp = input.order().recipient();
        HospitalOrderContext hospital = input.hospital();

        pid.getSetIDPID().setValue("1");
        identifiers(pid, hospital.mrn(), reg == null ? null : reg.patientId(), settings);

        String family = Text.firstPresent(reg == null ? null : reg.lastName(), rcp == null ? null : rcp.lastName());
        String given = Text.firstPresent(reg == null ? null : reg.firstName(), rcp == null ? null : rcp.firstName());
        if (family != null || given != null) {
            XPN name = pid.getPatientName(0);
            Fields.set(name.getFamilyName().getSurname(), family);
            Fields.set(name.getGivenName(), given);
            name.getNameTypeCode().setValue("L");
        }

        // The hospital's own values come first: the EHR files the result against the chart it ordered for.
        // Spot's registration fills in only what the order left out.
        String hospitalBirth = Hl7Time.date(hospital.patientBirthDate());
        String spotBirth = reg == null || reg.dateOfBirth() == null ? null : Hl7Time.date(reg.dateOfBirth());
        Fields.ts(pid.getDateTimeOfBirth(), Text.firstPresent(hospitalBirth, spotBirth));
        String hospitalSex = sex(hospital.patientSex());
        String spotSex = sex(reg == null ? null : reg.sex());
        Fields.set(pid.getAdministrativeSex(), Text.firstPresent(hospitalSex, spotSex));

        Address a = rcp == null ? null : rcp.address();
        if (a != null) {
            Fields.xad(pid.getPatientAddress(0), a.street1(), a.street2(), a.city(), a.state(), a.zip(), a.country());
        }

        String phone = Text.firstPresent(reg == null ? null : reg.phone(), rcp == null ? null : rcp.phone());
        String email = Text.firstPresent(reg == null ? null : reg.email(), rcp == null ? null : rcp.email());
        int rep = 0;
        if (phone != null) {
            phone(pid.getPhoneNumberHome(rep++), phone);
        }
        if (email != null) {
            XTN xtn = pid.getPhoneNumberHome(rep);
            xtn.getTelecommunicationUseCode().setValue("NET");
            xtn.getTelecommunicationEquipmentType().setValue("Internet");
            xtn.getEmailAddress().setValue(email);
        }
    }

    /**
     * What Spot's registration says that differs from the hospital's order (birth date, sex), for an NTE: a
     * mismatch is shown to the EHR, never silently replaced. Empty when they agree or one side is missing.
     */
    static java.util.List<String> registrationMismatches(OruInput input) {
        RegisteredPatient reg = input.kit().registeredTo();
        HospitalOrderContext hospital = input.hospital();
        java.util.List<String> notes = new java.util.ArrayList<>();
        if (reg == null) {
            return notes;
        }
        String hospitalBirth = Hl7Time.date(hospital.patientBirthDate());
        String spotBirth = reg.dateOfBirth() == null ? null : Hl7Time.date(reg.dateOfBirth());
        if (hospitalBirth != null && spotBirth != null && !hospitalBirth.equals(spotBirth)) {
            notes.add("The kit was registered at Spot with birth date " + spotBirth + ", not the ordered patient's "
                    + hospitalBirth + ": check the patient before filing this result.");
        }
        String hospitalSex = sex(hospital.patientSex());
        String spotSex = sex(reg.sex());
        if (hospitalSex != null && spotSex != null && !"U".equals(spotSex) && !hospitalSex.equals(spotSex)) {
            notes.add("The kit was registered at Spot with sex " + spotSex + ", not the ordered patient's "
                    + hospitalSex + ".");
        }
        return notes;
    }

    private static void identifiers(PID pid, String mrn, String spotPatientId, OruSettings settings)
            throws HL7Exception {
        int rep = 0;
        if (Text.present(mrn)) {
            cx(pid.getPatientIdentifierList(rep++), mrn, settings.mrnAuthority(), "MR");
        }
        if (Text.present(spotPatientId)) {
            cx(pid.getPatientIdentifierList(rep), spotPatientId, settings.spotPatientAuthority(), "PI");
        }
    }

    private static void cx(CX cx, String id, String authority, String type) throws HL7Exception {
        Fields.set(cx.getIDNumber(), id);
        Fields.hd(cx.getAssigningAuthority(), authority);
        cx.getIdentifierTypeCode().setValue(type);
    }

    /**
     * A North American 10-digit number (optionally with the leading 1) goes into XTN-5/6/7 as ELR expects;
     * anything else is kept whole in XTN-12 rather than mis-split.
     */
    private static void phone(XTN xtn, String phone) throws HL7Exception {
        xtn.getTelecommunicationUseCode().setValue("PRN");
        xtn.getTelecommunicationEquipmentType().setValue("PH");
        String digits = phone.replaceAll("[\\s().-]", "");
        if (digits.matches("\\+?1?\\d{10}")) {
            String ten = digits.substring(digits.length() - 10);
            xtn.getCountryCode().setValue("1");
            xtn.getAreaCityCode().setValue(ten.substring(0, 3));
            xtn.getLocalNumber().setValue(ten.substring(3));
        } else {
            xtn.getUnformattedTelephoneNumber().setValue(phone);
        }
    }

    /** PID-8 (HL7 table 0001): M, F, O, U. */
    static String sex(String value) {
        if (!Text.present(value)) {
            return null;
        }
        return switch (value.trim().toUpperCase(Locale.ROOT)) {
            case "M", "MALE" -> "M";
            case "F", "FEMALE" -> "F";
            case "O", "OTHER", "X" -> "O";
            default -> "U";
        };
    }
}
