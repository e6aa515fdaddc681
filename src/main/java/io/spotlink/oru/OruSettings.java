package io.spotlink.oru;

import java.time.ZoneId;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;

/**
 * Per-destination knobs of the ORU: who sends, who receives, identifier authorities, the performing lab and how
 * the PDF travels. Values of HD fields (applications, facilities, authorities) may use {@code ^} to give the
 * HD components, e.g. {@code SPOT LAB^2.16.840.1.113883.3.0000^ISO}.
 *
 * <p>Property keys (prefix {@code oru.}), with defaults:
 * <pre>
 * oru.sending-application=SPOTLINK        MSH-3
 * oru.sending-facility=SPOT               MSH-4
 * oru.receiving-application=EHR           MSH-5
 * oru.receiving-facility=HOSPITAL         MSH-6
 * oru.processing-id=P                     MSH-11 (P, T or D)
 * oru.mrn-authority=HOSPITAL              PID-3 CX-4 of the MRN
 * oru.spot-patient-authority=SPOT         PID-3 CX-4 of Spot's patient id
 * oru.filler-namespace=SPOT               EI-2 of ORC-3/OBR-3 and of SPM-2
 * oru.performing-lab.name=                OBX-23 XON-1 (OBX-23..25 stay empty when not configured)
 * oru.performing-lab.id=                  OBX-23 XON-10 (e.g. the CLIA number)
 * oru.performing-lab.id-authority=CLIA    OBX-23 XON-6
 * oru.performing-lab.address.street=      OBX-24 (also .city .state .zip .country)
 * oru.performing-lab.director.id=         OBX-25 (also .family .given)
 * oru.pdf-mode=RP                         RP (link) or ED (embedded Base64)
 * oru.pdf-observation=11502-2^Laboratory report^LN   OBX-3 of the PDF observation
 * oru.time-zone=UTC                       zone of every timestamp written
 * </pre>
 * Receiving application/facility can be overridden per destination:
 * {@code oru.destination.<name>.receiving-application} and {@code ...receiving-facility}.
 */
public record OruSettings(String sendingApplication, String sendingFacility, String receivingApplication,
                          String receivingFacility, String processingId, String mrnAuthority,
                          String spotPatientAuthority, String fillerNamespace, PerformingLab performingLab,
                          PdfMode pdfMode, Coded pdfObservation, ZoneId timeZone) {

    public static final String PREFIX = "oru.";

    public OruSettings {
        Objects.requireNonNull(processingId, "processingId");
        if (!processingId.matches("[PTD]")) {
            throw new IllegalArgumentException("oru.processing-id must be P, T or D, was '" + processingId + "'");
        }
        performingLab = performingLab == null ? PerformingLab.NONE : performingLab;
        pdfMode = pdfMode == null ? PdfMode.RP : pdfMode;
        pdfObservation = pdfObservation == null ? Coded.parse(DEFAULT_PDF_OBSERVATION) : pdfObservation;
        timeZone = timeZone == null ? ZoneId.of("UTC") : timeZone;
    }

    /** LOINC 11502-2 "Laboratory report": the whole report as a document. */
    static final String DEFAULT_PDF_OBSERVATION = "11502-2^Laboratory report^LN";

    /** The performing laboratory (OBX-23 name and id, OBX-24 address, OBX-25 medical director). */
    public record PerformingLab(String name, String id, String idAuthority, String street, String city, String state,
                                String zip, String country, String directorId, String directorFamilyName,
                                String directorGivenName) {

        public static final PerformingLab NONE =
                new PerformingLab(null, null, null, null, null, null, null, null, null, null, null);

        boolean hasAddress() {
            return Text.present(street) || Text.present(city) || Text.present(state) || Text.present(zip)
                    || Text.present(country);
        }

        boolean hasDirector() {
            return Text.present(directorId) || Text.present(directorFamilyName) || Text.present(directorGivenName);
        }
    }

    /** Settings from {@code oru.*} properties, with the defaults listed on the class. */
    public static OruSettings fromProperties(Properties p) {
        return fromProperties(p, null);
    }

    /** As {@link #fromProperties(Properties)}, with {@code oru.destination.<destination>.*} receiver overrides. */
    public static OruSettings fromProperties(Properties p, String destination) {
        String destPrefix = destination == null ? null : "destination." + destination + ".";
        String lab = "performing-lab.";
        return new OruSettings(
                get(p, "sending-application", "SPOTLINK"),
                get(p, "sending-facility", "SPOT"),
                perDestination(p, destPrefix, "receiving-application", "EHR"),
                perDestination(p, destPrefix, "receiving-facility", "HOSPITAL"),
                get(p, "processing-id", "P").toUpperCase(Locale.ROOT),
                get(p, "mrn-authority", "HOSPITAL"),
                get(p, "spot-patient-authority", "SPOT"),
                get(p, "filler-namespace", "SPOT"),
                new PerformingLab(
                        get(p, lab + "name", null),
                        get(p, lab + "id", null),
                        get(p, lab + "id-authority", "CLIA"),
                        get(p, lab + "address.street", null),
                        get(p, lab + "address.city", null),
                        get(p, lab + "address.state", null),
                        get(p, lab + "address.zip", null),
                        get(p, lab + "address.country", null),
                        get(p, lab + "director.id", null),
                        get(p, lab + "director.family", null),
                        get(p, lab + "director.given", null)),
                PdfMode.valueOf(get(p, "pdf-mode", "RP").toUpperCase(Locale.ROOT)),
                Coded.parse(get(p, "pdf-observation", DEFAULT_PDF_OBSERVATION)),
                ZoneId.of(get(p, "time-zone", "UTC")));
    }

    /** The same settings addressed to another receiver. */
    public OruSettings withReceiver(String application, String facility) {
        return new OruSettings(sendingApplication, sendingFacility, application, facility, processingId,
                mrnAuthority, spotPatientAuthority, fillerNamespace, performingLab, pdfMode, pdfObservation,
                timeZone);
    }

    /** The same settings with another PDF mode. */
    public OruSettings withPdfMode(PdfMode mode) {
        return new OruSettings(sendingApplication, sendingFacility, receivingApplication, receivingFacility,
                processingId, mrnAuthority, spotPatientAuthority, fillerNamespace, performingLab, mode,
                pdfObservation, timeZone);
    }

    private static String perDestination(Properties p, String destPrefix, String key, String fallback) {
        String general = get(p, key, fallback);
        return destPrefix == null ? general : get(p, destPrefix + key, general);
    }

    private static String get(Properties p, String key, String fallback) {
        String v = p.getProperty(PREFIX + key);
        return Text.present(v) ? v.trim() : fallback;
    }
}
