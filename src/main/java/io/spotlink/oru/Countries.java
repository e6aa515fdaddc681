package io.spotlink.oru;

import java.util.Locale;
import java.util.MissingResourceException;

/** XAD-6 wants ISO 3166 alpha-3 (HL7 table 0399): Spot writes alpha-2 ({@code US}, {@code CA}). */
final class Countries {

    private Countries() {
    }

    static String iso3(String country) {
        String c = Text.trimToNull(country);
        if (c == null || c.length() != 2) {
            return c;
        }
        try {
            return new Locale("", c.toUpperCase(Locale.ROOT)).getISO3Country();
        } catch (MissingResourceException e) {
            return c;
        }
    }
}
