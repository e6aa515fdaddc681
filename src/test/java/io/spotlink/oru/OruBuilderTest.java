package io.spotlink.oru;

import ca.uhn.hl7v2.model.v251.group.ORU_R01_OBSERVATION;
import ca.uhn.hl7v2.model.v251.group.ORU_R01_ORDER_OBSERVATION;
import ca.uhn.hl7v2.model.v251.datatype.RP;
import ca.uhn.hl7v2.model.v251.message.ORU_R01;
import ca.uhn.hl7v2.model.v251.segment.OBR;
import ca.uhn.hl7v2.model.v251.segment.PID;
import io.spotlink.intake.CanonicalOrder;
import io.spotlink.spot.model.Kit;
import io.spotlink.spot.model.Order;
import io.spotlink.spot.model.Report;
import io.spotlink.spot.model.Result;
import io.spotlink.spot.model.ResultType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OruBuilderTest {

    private final OruValidator validator = new OruValidator();

    @Test
    void amendmentKeepsOrderNumbersAndMarksEverythingCorrected() throws Exception {
        ORU_R01 original = validator.validate(OruFixtures.buildEncoded("amendment_original"));
        ORU_R01 amended = validator.validate(OruFixtures.buildEncoded("amendment"));

        OBR o = obr(original);
        OBR a = obr(amended);
        assertThat(a.getPlacerOrderNumber().encode()).isEqualTo(o.getPlacerOrderNumber().encode());
        assertThat(a.getFillerOrderNumber().encode()).isEqualTo(o.getFillerOrderNumber().encode())
                .isEqualTo("O3000003-SPOT300003^SPOT");
        assertThat(order(amended).getORC().getFillerOrderNumber().encode()).isEqualTo(a.getFillerOrderNumber().encode());
        assertThat(o.getResultStatus().getValue()).isEqualTo("F");
        assertThat(a.getResultStatus().getValue()).isEqualTo("C");
        assertThat(a.getResultsRptStatusChngDateTime().getTime().getValue())
                .isGreaterThan(o.getResultsRptStatusChngDateTime().getTime().getValue());
        assertThat(amended.getMSH().getMessageControlID().getValue())
                .isNotEqualTo(original.getMSH().getMessageControlID().getValue());
        assertThat(order(amended).getOBSERVATIONAll())
                .extracting(obs -> obs.getOBX().getObservationResultStatus().getValue())
                .hasSize(3).containsOnly("C");
        assertThat(order(original).getOBSERVATIONAll())
                .extracting(obs -> obs.getOBX().getObservationResultStatus().getValue())
                .containsOnly("F");
    }

    @Test
    void delimitersAndAccentsSurviveTheRoundTrip() throws Exception {
        String er7 = OruFixtures.buildEncoded("special_characters");
        // UTF-8 on the wire, as MSH-18 declares
        String decoded = new String(er7.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        ORU_R01 parsed = validator.validate(decoded);

        PID pid = parsed.getPATIENT_RESULT().getPATIENT().getPID();
        assertThat(pid.getPatientName(0).getFamilyName().getSurname().getValue()).isEqualTo("Müller-Nuñez O'Brien");
        assertThat(pid.getPatientName(0).getGivenName().getValue()).isEqualTo("María José");
        assertThat(pid.getPatientIdentifierList(0).getIDNumber().getValue()).isEqualTo("MRN^4004");
        assertThat(pid.getPatientAddress(0).getStreetAddress().getStreetOrMailingAddress().getValue())
                .isEqualTo("12 Rue d'Été & Co | Bldg ^2");
        assertThat(pid.getPatientAddress(0).getOtherDesignation().getValue()).isEqualTo("Apt ~3 \\ rear");
        assertThat(parsed.getMSH().getCharacterSet(0).getValue()).isEqualTo("UNICODE UTF-8");

        OBR obr = obr(parsed);
        assertThat(obr.getPlacerOrderNumber().getEntityIdentifier().getValue()).isEqualTo("PL-4004&A");
        assertThat(obr.getOrderingProvider(0).getFamilyName().getSurname().getValue()).isEqualTo("O'Brien");

        ORU_R01_OBSERVATION first = order(parsed).getOBSERVATION(0);
        assertThat(first.getOBX().getObservationIdentifier().getIdentifier().getValue())
                .isEqualTo("Ratio A/B & C^2 | x~y \\ z");
        assertThat(first.getNTEAll()).extracting(n -> n.getComment(0).getValue())
                .containsExactly("Repeat | fasting ^ 12h ~ see \\ notes & call", "Second line for Müller: ok");

        RP rp = (RP) order(parsed).getOBSERVATION(2).getOBX().getObservationValue(0).getData();
        assertThat(rp.getPointer().getValue())
                .isEqualTo("https://app.spotkits.com/results/r.pdf?sig=a|b^c~d\\e&exp=1700000000");
    }

    @Test
    void segmentsAreSeparatedByCarriageReturn() {
        String er7 = OruFixtures.buildEncoded("seed_resulted");
        assertThat(er7).startsWith("MSH|^~\\&|").contains("\rPID|1|").doesNotContain("\n");
    }

    @Test
    void noPdfNoPdfObservation() throws Exception {
        ORU_R01 parsed = validator.validate(OruFixtures.buildEncoded("minimal_fields"));
        assertThat(order(parsed).getOBSERVATIONAll())
                .extracting(obs -> obs.getOBX().getValueType().getValue())
                .doesNotContain("RP", "ED");
    }

    @Test
    void absentRecipientSampleAndResultsDoNotCrash() throws Exception {
        Kit kit = new Kit("K1", null, null, null, null, null, null, null);
        Order order = new Order("O1", null, null, null, List.of(kit), null, null, null);
        Report report = new Report("R1", null, null, null, null, null, null, false);
        OruInput input = new OruInput(order, kit, report, new HospitalOrderContext("PL-1", null, null, null, null,
                null, null, null));
        OruBuilder builder = OruFixtures.builder();

        String er7 = builder.encode(builder.build(input, OruSettings.fromProperties(new java.util.Properties()), "C1",
                OruFixtures.MESSAGE_TIME));

        ORU_R01 parsed = validator.validate(er7);
        assertThat(obr(parsed).getUniversalServiceIdentifier().getIdentifier().getValue()).isEqualTo("SPOT-REPORT");
        assertThat(obr(parsed).getFillerOrderNumber().getEntityIdentifier().getValue()).isEqualTo("O1-K1");
        assertThat(er7).doesNotContain("SPM|").doesNotContain("OBX|");
    }

    @Test
    void resultWithoutNameIsStillSent() throws Exception {
        Kit kit = new Kit("K1", "kit_a", null, null, null, null, null, null);
        Order order = new Order("O1", null, null, null, List.of(kit), null, null, null);
        Result unnamed = new Result(ResultType.QUANTITY, null, null, "7", "mg/dL", null, null, null);
        Report report = new Report("R1", List.of(unnamed), null, null, null, null, null, false);
        OruInput input = new OruInput(order, kit, report, new HospitalOrderContext("PL-1", null, null, null, null,
                null, null, null));
        OruBuilder builder = OruFixtures.builder();

        ORU_R01 parsed = validator.validate(builder.encode(builder.build(input,
                OruSettings.fromProperties(new java.util.Properties()), "C1", OruFixtures.MESSAGE_TIME)));

        assertThat(order(parsed).getOBSERVATION(0).getOBX().getObservationIdentifier().encode())
                .isEqualTo("UNNAMED-RESULT^UNNAMED-RESULT^L");
    }

    @Test
    void edModeFailsWhenThePdfCannotBeFetchedAndDoesNotLeakTheUrl() {
        OruFixtures.GoldenCase c = OruFixtures.goldenCase("pdf_embedded");
        OruBuilder builder = new OruBuilder(OruFixtures.mappings(), url -> {
            throw new IOException("HTTP 403");
        });

        assertThatThrownBy(() -> builder.build(c.input(), c.oruSettings(), "C1", OruFixtures.MESSAGE_TIME))
                .isInstanceOf(OruBuildException.class)
                .hasMessageContaining("R-6000006-1")
                .hasMessageNotContaining("https://");
        assertThatThrownBy(() -> new OruBuilder(OruFixtures.mappings())
                .build(c.input(), c.oruSettings(), "C1", OruFixtures.MESSAGE_TIME))
                .isInstanceOf(OruBuildException.class);
    }

    @Test
    void rpModeNeverFetches() throws Exception {
        OruFixtures.GoldenCase c = OruFixtures.goldenCase("seed_resulted");
        OruBuilder builder = new OruBuilder(OruFixtures.mappings(), url -> {
            throw new AssertionError("fetched in RP mode");
        });
        validator.validate(builder.encode(builder.build(c.input(), c.oruSettings(), "C1", OruFixtures.MESSAGE_TIME)));
    }

    @Test
    void controlIdIsRequired() {
        OruFixtures.GoldenCase c = OruFixtures.goldenCase("seed_resulted");
        assertThatThrownBy(() -> OruFixtures.builder().build(c.input(), c.oruSettings(), " ", OruFixtures.MESSAGE_TIME))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hospitalContextFromCanonicalOrder() {
        CanonicalOrder co = new CanonicalOrder("PL-9", "EPIC", List.of(), List.of("health_kit_1"), null,
                new CanonicalOrder.Patient("MRN-9", "1970-02-03", "M"),
                new CanonicalOrder.Provider("NPI-1", "Grey", "Meredith"), null);
        assertThat(HospitalOrderContext.of(co)).isEqualTo(new HospitalOrderContext("PL-9", "EPIC", "MRN-9",
                "1970-02-03", "M", "NPI-1", "Grey", "Meredith"));
    }

    @Test
    void birthDateAndSexFallBackToTheHospitalOrder() throws Exception {
        OruFixtures.GoldenCase c = OruFixtures.goldenCase("minimal_fields");
        HospitalOrderContext h = new HospitalOrderContext("PL-5005", null, "MRN-5", "19611224", "female", null, null,
                null);
        OruBuilder builder = OruFixtures.builder();
        ORU_R01 parsed = validator.validate(builder.encode(builder.build(
                new OruInput(c.order(), c.kit(), c.report(), h), c.oruSettings(), "C1", OruFixtures.MESSAGE_TIME)));

        PID pid = parsed.getPATIENT_RESULT().getPATIENT().getPID();
        assertThat(pid.getDateTimeOfBirth().getTime().getValue()).isEqualTo("19611224");
        assertThat(pid.getAdministrativeSex().getValue()).isEqualTo("F");
        assertThat(pid.getPatientIdentifierList(0).encode()).isEqualTo("MRN-5^^^GH^MR");
    }

    private static ORU_R01_ORDER_OBSERVATION order(ORU_R01 msg) {
        return msg.getPATIENT_RESULT().getORDER_OBSERVATION();
    }

    private static OBR obr(ORU_R01 msg) {
        return order(msg).getOBR();
    }

    @Test
    void theHospitalsBirthDateAndSexWinAndADifferentRegistrationIsNoted() throws Exception {
        OruFixtures.GoldenCase c = OruFixtures.goldenCase("seed_resulted");
        HospitalOrderContext h = c.hospital();
        HospitalOrderContext otherPatient = new HospitalOrderContext(h.placerOrderNumber(), h.sourceSystem(), h.mrn(),
                "1971-03-04", "M", h.providerId(), h.providerFamilyName(), h.providerGivenName());
        OruBuilder builder = OruFixtures.builder();
        ORU_R01 oru = validator.validate(builder.encode(builder.build(new OruInput(c.order(), c.kit(), c.report(),
                otherPatient), c.oruSettings(), "CTL-MISMATCH", OruFixtures.MESSAGE_TIME)));

        var patient = oru.getPATIENT_RESULT().getPATIENT();
        assertThat(patient.getPID().getDateTimeOfBirth().getTime().getValue()).isEqualTo("19710304");
        assertThat(patient.getPID().getAdministrativeSex().getValue()).isEqualTo("M");
        assertThat(patient.getNTEAll()).extracting(n -> n.getComment(0).getValue())
                .anySatisfy(text -> assertThat(text).contains("birth date 19900101").contains("19710304"))
                .anySatisfy(text -> assertThat(text).contains("sex F"));
    }

    @Test
    void aResultWithoutAValueIsSentAsXNeverAsAnEmptyFinal() throws Exception {
        ORU_R01 oru = validator.validate(OruFixtures.buildEncoded("minimal_fields"));
        var ferritin = order(oru).getOBSERVATIONAll().stream()
                .filter(o -> "Ferritin".equals(o.getOBX().getObservationIdentifier().getIdentifier().getValue()))
                .findFirst().orElseThrow().getOBX();

        assertThat(ferritin.getObservationResultStatus().getValue()).isEqualTo("X");
        assertThat(ferritin.getValueType().getValue()).isNull();
        assertThat(ferritin.getObservationValueReps()).isZero();
    }
}
