package io.spotlink.oru;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * HL7 v2.5.1 DTM/DT text. Timestamps always carry their UTC offset ({@code +0000}) so the EHR never has to guess
 * the zone; milliseconds are kept when Spot sent them.
 */
final class Hl7Time {

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyyMMddHHmmss.SSS");
    private static final DateTimeFormatter OFFSET = DateTimeFormatter.ofPattern("xx");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyyMMdd");

    private Hl7Time() {
    }

    static String dateTime(OffsetDateTime time, ZoneId zone) {
        if (time == null) {
            return null;
        }
        OffsetDateTime t = time.atZoneSameInstant(zone).toOffsetDateTime();
        DateTimeFormatter body = t.getNano() / 1_000_000 == 0 ? SECONDS : MILLIS;
        return body.format(t) + OFFSET.format(t);
    }

    static String dateTime(Instant time, ZoneId zone) {
        return time == null ? null : dateTime(time.atZone(zone).toOffsetDateTime(), zone);
    }

    static String date(LocalDate date) {
        return date == null ? null : DATE.format(date);
    }

    /** A birth date as the hospital may send it (YYYY-MM-DD or YYYYMMDD); null when it is neither. */
    static String date(String text) {
        String s = Text.trimToNull(text);
        if (s == null) {
            return null;
        }
        try {
            return date(s.length() == 8 ? LocalDate.parse(s, DATE) : LocalDate.parse(s));
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
