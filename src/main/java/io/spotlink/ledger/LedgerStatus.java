package io.spotlink.ledger;

/** Where an order stands in Spotlink (Spot's own status is kept beside it). */
public enum LedgerStatus {
    /**
     * Claimed by one submitter, which is calling Spot now; claimed_by names its instance. Left like this by a dead
     * instance, it is taken over by order-recover once that instance's heartbeat is older than the owner timeout.
     */
    SUBMITTING,
    /** Spot created it; spot_order_id is set. */
    SUBMITTED,
    /** Spot could not be reached or refused our key; a resubmission retries. */
    FAILED,
    /** Spot answered 400; a corrected resubmission retries. */
    REJECTED,
    /**
     * Canceled at the hospital's request before Spot had it (io.spotlink.cancel): never created, never retried or
     * recovered; a resubmission is answered as canceled.
     */
    CANCELED
}
