package io.spotlink.status;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * News of a kit that is not a result, and how its ORU^R01 says it (README "Status and bad news"). ORC-1 is always
 * {@code RE}; ORC-5 is the state of the hospital's order, OBR-25 the state of this kit's results (OBR-3 names the
 * kit). Bad news ({@code X}) always goes out; milestones ({@code O}, {@code I}) only to destinations that ask.
 */
public enum KitNews {

    ORDER_CANCELED("canceled", 'X', "CA", null,
            "Order canceled at Spot on %s: no results will be reported for it. Reorder if the test is still needed."),
    KIT_CANCELED("canceled", 'X', "CA", null,
            "Test kit canceled at Spot on %s: no results will be reported for it. Reorder if the test is still "
                    + "needed."),
    KIT_DELIVERY_EXCEPTION("k.delivery_exception", 'X', "IP", null,
            "The test kit could not be delivered to the patient (%s). No results will come from this kit: a new "
                    + "kit is needed."),
    SAMPLE_COLLECTION_EXCEPTION("s.collection_exception", 'X', "IP", null,
            "The sample could not be collected or could not be used (%s). No results will come from this kit: a "
                    + "new kit is needed."),
    SAMPLE_DELIVERY_EXCEPTION("s.delivery_exception", 'X', "IP", null,
            "The sample was lost or damaged on its way to the lab (%s). No results will come from this kit: a new "
                    + "kit is needed."),
    SAMPLE_CANCELED("s.canceled", 'X', "IP", null,
            "The sample was canceled at the lab (%s). No results will come from this kit: a new kit is needed."),
    KIT_SHIPPED("k.in_transit", 'O', "SC", Milestone.SHIPPED, "Kit shipped to the patient on %s."),
    KIT_DELIVERED("k.delivered", 'O', "SC", Milestone.DELIVERED, "Kit delivered to the patient on %s."),
    KIT_REGISTERED("k.registered", 'O', "SC", Milestone.REGISTERED, "Kit registered by the patient on %s."),
    SAMPLE_RECEIVED("s.received", 'I', "IP", Milestone.RECEIVED, "Sample received at the lab on %s.");

    /** The status milestones a destination may ask for ({@code spotlink.destination.<name>.milestones}). */
    public enum Milestone { SHIPPED, DELIVERED, REGISTERED, RECEIVED }

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final String code;
    private final char resultStatus;
    private final String orderStatus;
    private final Milestone milestone;
    private final String text;

    KitNews(String code, char resultStatus, String orderStatus, Milestone milestone, String text) {
        this.code = code;
        this.resultStatus = resultStatus;
        this.orderStatus = orderStatus;
        this.milestone = milestone;
        this.text = text;
    }

    /**
     * The delivery ledger's report_id of this news of a kit: {@code status-<kit_id>-<code>}, so each state change is
     * queued once per destination, whatever later polls and restarts see. The cancels share one code: a kit is told
     * canceled once, whether Spot canceled the kit, the order, or both. No colon: the file and SFTP destinations put
     * the report id in the file name.
     */
    public String reportId(String kitOrOrderId) {
        return "status-" + kitOrOrderId + "-" + code;
    }

    /** OBR-25: X (no results, canceled), O (order received, specimen not yet), I (specimen received). */
    public char resultStatus() {
        return resultStatus;
    }

    /** ORC-5: CA (canceled), IP (in process: a new kit is needed, or the sample is at the lab), SC (scheduled). */
    public String orderStatus() {
        return orderStatus;
    }

    /** The milestone this is, or null for bad news (sent to every destination that takes the order's results). */
    public Milestone milestone() {
        return milestone;
    }

    public boolean badNews() {
        return milestone == null;
    }

    /** The NTE: what happened and when, in plain words (no PHI: nothing of the patient's). */
    public String note(Instant at) {
        return String.format(text, WHEN.format(at));
    }
}
