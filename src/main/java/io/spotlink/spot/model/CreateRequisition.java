package io.spotlink.spot.model;

import java.util.List;
import java.util.Map;

/**
 * Body of POST /api/v2/requisitions/: a kit the customer made and collected itself (enabled by Spot per account).
 * {@code barcode} is the kit's barcode and is unique across Spot; {@code panels} are Spot panel codes.
 */
public record CreateRequisition(String barcode, List<String> panels, String accountNumber, String lab,
                                String stateCollected, RequisitionPatient patient, Tracking tracking,
                                Map<String, Object> attributes, Map<String, Object> metadata) {
}
