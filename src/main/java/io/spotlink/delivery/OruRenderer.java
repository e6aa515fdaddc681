package io.spotlink.delivery;

/** Turns one report into the ER7 text of an ORU^R01 for one destination (its MSH-5/6 differ). */
@FunctionalInterface
public interface OruRenderer {

    String render(ReportContext report, String destination, String controlId);
}
