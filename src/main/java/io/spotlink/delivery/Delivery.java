package io.spotlink.delivery;

import java.time.Instant;

/** One ORU for one destination, as the delivery ledger holds it. resultStatus is OBR-25: P, F or C. */
public record Delivery(long id, String reportId, String spotOrderId, String kitId, String patientKey,
                       String destination, char resultStatus, DeliveryStatus status, String controlId,
                       String message, int attempts, int sends, String ackCode, String ackText, String lastError,
                       Instant createdAt, Instant nextAttemptAt, Instant sentAt, Instant deliveredAt) {
}
