package io.spotlink.sim;

import java.util.Arrays;
import java.util.Locale;

/**
 * A way a kit ends without a result: which status of the kit or its sample, and the lifecycle step after which it
 * happens (the planned steps from there on are dropped). In the order of {@link SimExceptions#kitFailure}.
 */
enum SimFailure {
    KIT_CANCELED("KIT", "canceled", "KIT", "preparing", false),
    KIT_DELIVERY_EXCEPTION("KIT", "delivery_exception", "KIT", "in_transit", true),
    SAMPLE_COLLECTION_EXCEPTION("SAMPLE", "collection_exception", "KIT", "registered", true),
    SAMPLE_DELIVERY_EXCEPTION("SAMPLE", "delivery_exception", "SAMPLE", "in_transit", true),
    SAMPLE_CANCELED("SAMPLE", "canceled", "SAMPLE", "received", true);

    final String subject;
    final String status;
    /** The planned step it follows, one stage later. */
    final String afterSubject;
    final String afterStatus;
    /** Whether Spot sends a new kit (when sim.exception.replacement is on). */
    final boolean replaced;

    SimFailure(String subject, String status, String afterSubject, String afterStatus, boolean replaced) {
        this.subject = subject;
        this.status = status;
        this.afterSubject = afterSubject;
        this.afterStatus = afterStatus;
        this.replaced = replaced;
    }

    /** The failure an admin call names ("kit"/"sample" and a status), or null when it is none of these. */
    static SimFailure of(String subject, String status) {
        String s = subject == null ? "" : subject.toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> f.subject.equals(s) && f.status.equals(status)).findFirst()
                .orElse(null);
    }
}
