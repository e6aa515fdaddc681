package io.spotlink.oru;

/**
 * ORC-3 / OBR-3: Spot identifies a result by order and kit, so EI-1 is {@code <order_id>-<kit_id>}
 * (e.g. {@code O1234567-SPOT123456}) and EI-2 the filler namespace from config (default {@code SPOT}).
 * One id string, not two components, because EHRs match EI-1 alone; an order with several kits gives one
 * filler number per kit. The same value is sent for a report and its amendments, so the EHR replaces the result.
 */
final class FillerOrderNumber {

    private FillerOrderNumber() {
    }

    static String of(String orderId, String kitId) {
        if (!Text.present(kitId)) {
            return orderId;
        }
        return Text.present(orderId) ? orderId.trim() + "-" + kitId.trim() : kitId.trim();
    }
}
