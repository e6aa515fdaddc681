package io.spotlink.soak;

/**
 * One fictional hospital order of the soak. Two consecutive orders share a patient, so each patient has several
 * results whose order at the EHR can be checked. Contacts are fictional and unique per patient: Spotlink's check at
 * Spot before a resend looks orders up by e-mail.
 */
public record SoakOrder(int index, Channel channel, String sourceOrderId, int patient, String testCode) {

    public static final String SOURCE_SYSTEM = "SOAK";

    static SoakOrder of(int index) {
        Channel channel = Channel.of(index);
        String id = channel.name().charAt(0) + "-" + String.format("%06d", index);
        return new SoakOrder(index, channel, id, index / 2, index % 5 == 4 ? "WELLNESS" : "LIPID");
    }

    public String mrn() {
        return "SOAK-" + patient;
    }

    String email() {
        return "soak.patient" + patient + "@example.org";
    }

    /** The canonical order JSON (HTTP, JMS, and JSON files). */
    String json() {
        return """
                {"source_order_id":"%s","source_system":"%s","test_codes":["%s"],
                 "recipient":{"first_name":"Ada","last_name":"Soakpatient","email":"%s","phone":"4155550100",
                  "address":{"street1":"1 Test St","city":"Springfield","state":"CA","country":"US","zip":"94105"}},
                 "patient":{"mrn":"%s","birth_date":"1980-01-01","sex":"F"}}"""
                .formatted(sourceOrderId, SOURCE_SYSTEM, testCode, email(), mrn());
    }

    static String csvHeader() {
        return "source_order_id,source_system,test_codes,first_name,last_name,email,phone,street1,city,state,"
                + "country,zip,mrn,birth_date,sex";
    }

    String csvRow() {
        return String.join(",", sourceOrderId, SOURCE_SYSTEM, testCode, "Ada", "Soakpatient", email(), "4155550100",
                "1 Test St", "Springfield", "CA", "US", "94105", mrn(), "1980-01-01", "F");
    }

    /** An HL7 ORM^O01 as a hospital engine sends it (segments joined by CR). */
    String orm(String controlId) {
        return String.join("\r",
                "MSH|^~\\&|SOAKHIS|" + SOURCE_SYSTEM + "|SPOTLINK|SPOT|20261201120000||ORM^O01^ORM_O01|" + controlId
                        + "|P|2.5.1",
                "PID|1||" + mrn() + "^^^SOAK^MR||Soakpatient^Ada||19800101|F|||1 Test St^^Springfield^CA^94105^USA"
                        + "||^PRN^PH^^1^415^5550100~^NET^Internet^" + email(),
                "ORC|NW|" + sourceOrderId + "||||||||||1234567893^Chen^Lisa",
                "OBR|1|" + sourceOrderId + "||" + testCode + "^" + testCode + "^L") + "\r";
    }
}
