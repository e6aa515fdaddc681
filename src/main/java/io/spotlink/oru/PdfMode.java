package io.spotlink.oru;

/** How the report PDF travels: a link the EHR follows (RP) or the bytes themselves (ED) for EHRs that cannot reach Spot. */
public enum PdfMode {
    RP, ED
}
