package io.spotlink.oru;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v251.datatype.ED;
import ca.uhn.hl7v2.model.v251.datatype.RP;
import ca.uhn.hl7v2.model.v251.segment.OBX;
import io.spotlink.spot.model.Report;

import java.io.IOException;
import java.util.Base64;

/**
 * The report PDF as the last OBX, identified by the configured observation (default LOINC 11502-2).
 * <ul>
 * <li>RP mode: {@code <url>^^AP^PDF} (RP-1 pointer, RP-2 application id empty, RP-3 type of data {@code AP},
 * RP-4 subtype {@code PDF}). The URL goes through the typed model, so {@code &} and other delimiters are escaped.
 * </li>
 * <li>ED mode: {@code ^AP^PDF^Base64^<data>}, the bytes fetched through {@link PdfSource} (which holds the API
 * key). A fetch failure fails the build: sending the ORU without the PDF the EHR was configured to expect would
 * hide the problem.</li>
 * </ul>
 */
final class PdfObxMapper {

    private final PdfSource pdfSource;

    PdfObxMapper(PdfSource pdfSource) {
        this.pdfSource = pdfSource;
    }

    void map(OBX obx, int setId, Report report, OruSettings settings) throws HL7Exception {
        Message msg = obx.getMessage();
        obx.getSetIDOBX().setValue(Integer.toString(setId));
        if (settings.pdfMode() == PdfMode.ED) {
            obx.getValueType().setValue("ED");
            ED ed = new ED(msg);
            ed.getTypeOfData().setValue("AP");
            ed.getDataSubtype().setValue("PDF");
            ed.getEncoding().setValue("Base64");
            ed.getData().setValue(Base64.getEncoder().encodeToString(fetch(report)));
            obx.getObservationValue(0).setData(ed);
        } else {
            obx.getValueType().setValue("RP");
            RP rp = new RP(msg);
            rp.getPointer().setValue(report.pdf().trim());
            rp.getTypeOfData().setValue("AP");
            rp.getSubtype().setValue("PDF");
            obx.getObservationValue(0).setData(rp);
        }
        Fields.ce(obx.getObservationIdentifier(), settings.pdfObservation());
        obx.getObservationResultStatus().setValue(ObxSegmentMapper.resultStatus(report));
        Fields.ts(obx.getDateTimeOfTheObservation(), Hl7Time.dateTime(report.dateCollected(), settings.timeZone()));
        PerformingLabMapper.map(obx, settings.performingLab());
    }

    private byte[] fetch(Report report) {
        try {
            byte[] pdf = pdfSource.fetch(report.pdf().trim());
            if (pdf == null || pdf.length == 0) {
                throw new IOException("empty PDF");
            }
            return pdf;
        } catch (IOException e) {
            // the report id only: the URL may carry a signed token
            throw new OruBuildException("cannot fetch the PDF of report " + report.reportId(), e);
        }
    }
}
