package io.spotlink.oru;

import org.junit.jupiter.api.Test;

import java.time.ZoneId;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OruSettingsTest {

    @Test
    void defaults() {
        OruSettings s = OruSettings.fromProperties(new Properties());
        assertThat(s.sendingApplication()).isEqualTo("SPOTLINK");
        assertThat(s.sendingFacility()).isEqualTo("SPOT");
        assertThat(s.receivingApplication()).isEqualTo("EHR");
        assertThat(s.receivingFacility()).isEqualTo("HOSPITAL");
        assertThat(s.processingId()).isEqualTo("P");
        assertThat(s.spotPatientAuthority()).isEqualTo("SPOT");
        assertThat(s.fillerNamespace()).isEqualTo("SPOT");
        assertThat(s.pdfMode()).isEqualTo(PdfMode.RP);
        assertThat(s.pdfObservation()).isEqualTo(new Coded("11502-2", "Laboratory report", "LN"));
        assertThat(s.timeZone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(s.performingLab().name()).isNull();
        assertThat(s.performingLab().idAuthority()).isEqualTo("CLIA");
    }

    @Test
    void fromOruProperties() {
        Properties p = new Properties();
        p.setProperty("oru.sending-application", "SL");
        p.setProperty("oru.processing-id", "t");
        p.setProperty("oru.mrn-authority", "GH");
        p.setProperty("oru.pdf-mode", "ed");
        p.setProperty("oru.performing-lab.name", "Spot Lab");
        p.setProperty("oru.performing-lab.address.city", "Austin");
        p.setProperty("oru.performing-lab.director.family", "Doe");
        OruSettings s = OruSettings.fromProperties(p);
        assertThat(s.sendingApplication()).isEqualTo("SL");
        assertThat(s.processingId()).isEqualTo("T");
        assertThat(s.mrnAuthority()).isEqualTo("GH");
        assertThat(s.pdfMode()).isEqualTo(PdfMode.ED);
        assertThat(s.performingLab().name()).isEqualTo("Spot Lab");
        assertThat(s.performingLab().city()).isEqualTo("Austin");
        assertThat(s.performingLab().directorFamilyName()).isEqualTo("Doe");
    }

    @Test
    void receiverPerDestination() {
        Properties p = new Properties();
        p.setProperty("oru.receiving-application", "EPIC");
        p.setProperty("oru.destination.lab2.receiving-application", "CERNER");
        p.setProperty("oru.destination.lab2.receiving-facility", "NORTH");
        assertThat(OruSettings.fromProperties(p, "lab2").receivingApplication()).isEqualTo("CERNER");
        assertThat(OruSettings.fromProperties(p, "lab2").receivingFacility()).isEqualTo("NORTH");
        assertThat(OruSettings.fromProperties(p, "other").receivingApplication()).isEqualTo("EPIC");
        assertThat(OruSettings.fromProperties(p).withReceiver("X", "Y").receivingFacility()).isEqualTo("Y");
    }

    @Test
    void rejectsUnknownProcessingId() {
        Properties p = new Properties();
        p.setProperty("oru.processing-id", "X");
        assertThatThrownBy(() -> OruSettings.fromProperties(p)).isInstanceOf(IllegalArgumentException.class);
    }
}
