package io.spotlink.delivery;

/** Where one ORU stands with one destination. */
public enum DeliveryStatus {
    /** Waiting for its turn (or for the next retry). */
    PENDING,
    /** Handed to the destination; no answer recorded yet. Left like this by a crash, it is sent again. */
    SENDING,
    /** Accepted: an AA/CA ACK, or written to the file, SFTP or JMS destination. */
    DELIVERED,
    /** Parked after the last retry or a content error; listed by GET /deliveries?status=failed for replay. */
    FAILED;

    /**
     * The statuses of a row not yet delivered, as an SQL list: {@code status IN (...)} lets an index on status find
     * them, where {@code status <> 'DELIVERED'} reads every delivered row too.
     */
    public static final String UNDELIVERED_SQL = java.util.Arrays.stream(values()).filter(s -> s != DELIVERED)
            .map(s -> "'" + s.name() + "'").collect(java.util.stream.Collectors.joining(", ", "(", ")"));
}
