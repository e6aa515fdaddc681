package io.spotlink.oru;

import ca.uhn.hl7v2.model.DataTypeException;
import ca.uhn.hl7v2.model.Primitive;
import ca.uhn.hl7v2.model.v251.datatype.CE;
import ca.uhn.hl7v2.model.v251.datatype.CWE;
import ca.uhn.hl7v2.model.v251.datatype.HD;
import ca.uhn.hl7v2.model.v251.datatype.TS;
import ca.uhn.hl7v2.model.v251.datatype.XAD;
import ca.uhn.hl7v2.model.v251.datatype.XCN;

/**
 * Setters for the composite types the mappers share. Every value goes through HAPI's typed model, so the
 * encoder escapes {@code | ^ ~ \ &} in it; a null or blank value leaves the field empty.
 */
final class Fields {

    private Fields() {
    }

    /** HL7 v2.5.1's ST (and ID, IS) length; HAPI refuses a longer value, which would fail the whole ORU. */
    static final int MAX_ST = 199;

    /** Sets a value; text longer than its HL7 type allows is cut there, so one long Spot value fails nothing. */
    static void set(Primitive field, String value) throws DataTypeException {
        if (Text.present(value)) {
            String v = value.trim();
            field.setValue(switch (field.getName()) {
                case "ST", "ID", "IS" -> cut(v, MAX_ST);
                default -> v;
            });
        }
    }

    static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        return text.substring(0, Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max);
    }

    /** HD from a config value; {@code ^} separates namespace id, universal id and universal id type. */
    static void hd(HD hd, String value) throws DataTypeException {
        if (!Text.present(value)) {
            return;
        }
        String[] parts = value.split("\\^", -1);
        set(hd.getNamespaceID(), parts[0]);
        if (parts.length > 1) {
            set(hd.getUniversalID(), parts[1]);
        }
        if (parts.length > 2) {
            set(hd.getUniversalIDType(), parts[2]);
        }
    }

    static void ce(CE ce, Coded coded) throws DataTypeException {
        set(ce.getIdentifier(), coded.code());
        set(ce.getText(), coded.text());
        set(ce.getNameOfCodingSystem(), coded.system());
    }

    static void cwe(CWE cwe, Coded coded) throws DataTypeException {
        set(cwe.getIdentifier(), coded.code());
        set(cwe.getText(), coded.text());
        set(cwe.getNameOfCodingSystem(), coded.system());
    }

    static void ts(TS ts, String dtm) throws DataTypeException {
        set(ts.getTime(), dtm);
    }

    static void xcn(XCN xcn, String id, String family, String given) throws DataTypeException {
        set(xcn.getIDNumber(), id);
        set(xcn.getFamilyName().getSurname(), family);
        set(xcn.getGivenName(), given);
    }

    static void xad(XAD xad, String street1, String street2, String city, String state, String zip, String country)
            throws DataTypeException {
        set(xad.getStreetAddress().getStreetOrMailingAddress(), street1);
        set(xad.getOtherDesignation(), street2);
        set(xad.getCity(), city);
        set(xad.getStateOrProvince(), state);
        set(xad.getZipOrPostalCode(), zip);
        set(xad.getCountry(), Countries.iso3(country));
    }
}
