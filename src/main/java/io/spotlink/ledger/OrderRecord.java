package io.spotlink.ledger;

import java.time.Instant;

/**
 * One row of the order ledger. {@code payload} is the canonical order JSON, kept so an operator can replay it;
 * {@code claimedBy} is the instance that last claimed it for submission.
 */
public record OrderRecord(long id, String sourceSystem, String sourceOrderId, String mrn, String payloadHash,
                          String payload, String spotOrderId, LedgerStatus status, String spotStatus, int attempts,
                          String lastError, Instant createdAt, Instant updatedAt, String claimedBy) {
}
