package io.spotlink.oru;

import java.io.IOException;

/**
 * Fetches a report PDF for {@link PdfMode#ED}. The production implementation authenticates with the Spot API key;
 * the builder never sees the key, so it cannot leak into a message or a log.
 */
@FunctionalInterface
public interface PdfSource {

    byte[] fetch(String url) throws IOException;

    /** For RP mode, where nothing is fetched: fails loudly if ED is configured without a real source. */
    PdfSource NONE = url -> {
        throw new IOException("no PdfSource configured for ED mode");
    };
}
