package io.spotlink.oru;

import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

class Hl7TimeTest {

    private static final ZoneId UTC = ZoneId.of("UTC");

    @Test
    void dtmWithOffsetAndMillisOnlyWhenSent() {
        assertThat(Hl7Time.dateTime(OffsetDateTime.parse("2023-11-07T05:31:56Z"), UTC)).isEqualTo("20231107053156+0000");
        assertThat(Hl7Time.dateTime(OffsetDateTime.parse("2023-01-14T04:30:11.222Z"), UTC))
                .isEqualTo("20230114043011.222+0000");
        assertThat(Hl7Time.dateTime((OffsetDateTime) null, UTC)).isNull();
    }

    @Test
    void convertsToTheConfiguredZone() {
        assertThat(Hl7Time.dateTime(OffsetDateTime.parse("2023-11-07T05:31:56Z"), ZoneId.of("America/Chicago")))
                .isEqualTo("20231106233156-0600");
    }

    @Test
    void birthDatesFromTheHospital() {
        assertThat(Hl7Time.date("1990-01-31")).isEqualTo("19900131");
        assertThat(Hl7Time.date("19900131")).isEqualTo("19900131");
        assertThat(Hl7Time.date("31/01/1990")).isNull();
        assertThat(Hl7Time.date((String) null)).isNull();
    }

    @Test
    void referenceRanges() {
        assertThat(ReferenceRange.of("20", "200").obx7()).isEqualTo("20-200");
        assertThat(ReferenceRange.of("20", null).obx7()).isEqualTo(">20");
        assertThat(ReferenceRange.of(null, "200").obx7()).isEqualTo("<200");
        assertThat(ReferenceRange.of(null, " ").obx7()).isNull();
        assertThat(ReferenceRange.of("2.50", "1e2").obx7()).isEqualTo("2.50-100");
    }

    @Test
    void aRangeLimitThatIsNotANumberGoesOutAsTextAndDecidesNothing() {
        ReferenceRange range = ReferenceRange.of("twenty", "200");
        assertThat(range.obx7()).isNull();
        assertThat(range.min()).isNull();
        assertThat(range.max()).isNull();
        assertThat(range.note()).isEqualTo("Reference range as sent by the lab: twenty - 200");
        assertThat(ReferenceRange.of("1e999", null).uninterpreted()).isTrue();
    }
}
