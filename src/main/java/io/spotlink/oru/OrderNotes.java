package io.spotlink.oru;

import java.util.List;

/**
 * Notes about the order as a whole that a result must carry, written as NTE segments after the OBR (for example:
 * the hospital requested the cancel of this order, io.spotlink.cancel.CancelNotes). Plain words, no PHI.
 */
@FunctionalInterface
public interface OrderNotes {

    OrderNotes NONE = spotOrderId -> List.of();

    List<String> notesFor(String spotOrderId);
}
