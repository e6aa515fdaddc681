package io.spotlink.cancel;

import io.spotlink.oru.OrderNotes;

import java.util.List;

/**
 * The NTE of a result that arrives for an order whose cancel the hospital requested (Spot had it, so its kit may
 * still come back): the result is delivered, saying when the cancel was requested.
 */
public class CancelNotes implements OrderNotes {

    private final RequestLedger requests;

    public CancelNotes(RequestLedger requests) {
        this.requests = requests;
    }

    @Override
    public List<String> notesFor(String spotOrderId) {
        return requests.cancelOfSpotOrder(spotOrderId)
                .filter(c -> c.state() == CancelRequest.State.REQUESTED)
                .map(c -> List.of("The hospital requested the cancel of this order on " + c.requestedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                        + " (" + c.channel() + "); this result arrived from Spot afterwards."))
                .orElse(List.of());
    }
}
