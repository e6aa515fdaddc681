package io.spotlink.intake.requisition;

import io.spotlink.intake.TestCodeMap;

/**
 * spotlink.requisitions.*: whether an order carrying a specimen barcode becomes a Spot requisition, and what Spot
 * needs for one besides the order: the account number and lab Spot enabled requisitions for, the state the clinic
 * collects in (blank: the patient's state), and the local test codes' Spot panels.
 */
public record RequisitionSettings(boolean enabled, String accountNumber, String lab, String stateCollected,
                                  TestCodeMap panels) {

    public RequisitionSettings {
        if (enabled && (blank(accountNumber) || blank(lab))) {
            throw new IllegalStateException("spotlink.requisitions.enabled needs spotlink.requisitions.account-number "
                    + "and spotlink.requisitions.lab");
        }
    }

    public static RequisitionSettings disabled() {
        return new RequisitionSettings(false, null, null, null, new TestCodeMap(java.util.Map.of()));
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
