package io.spotlink.spot.model;

import java.util.Arrays;
import java.util.Locale;

/** Spot's requisition statuses. Requisitions keep the status as text, so a value Spot adds later is not lost. */
public enum RequisitionStatus {
    CREATED, APPROVED, DENIED, DELIVERED, RECEIVED, EXTRA_QUALITY_CHECKS, RESULTED, REJECTED, DELIVERY_EXCEPTION,
    UNKNOWN;

    /** The status named by Spot's text; UNKNOWN for null or a value this version does not know. */
    public static RequisitionStatus of(String text) {
        if (text == null) {
            return UNKNOWN;
        }
        String name = text.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(s -> s != UNKNOWN && s.name().equals(name)).findFirst().orElse(UNKNOWN);
    }

    /** Nothing more will happen to the requisition (an amendment aside): resulted, denied or rejected. */
    public boolean isFinal() {
        return this == RESULTED || this == DENIED || this == REJECTED;
    }

    /**
     * The order status a requisition in this status stands for, as the ledger and the poller follow orders:
     * resulted is completed, denied and rejected are canceled, created is pending, anything else is in progress.
     */
    public OrderStatus asOrderStatus() {
        return switch (this) {
            case RESULTED -> OrderStatus.COMPLETED;
            case DENIED, REJECTED -> OrderStatus.CANCELED;
            case CREATED -> OrderStatus.PENDING;
            default -> OrderStatus.IN_PROGRESS;
        };
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
