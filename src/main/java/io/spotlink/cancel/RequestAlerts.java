package io.spotlink.cancel;

import io.spotlink.ops.Alert;
import io.spotlink.ops.AlertSource;

import java.util.ArrayList;
import java.util.List;

/**
 * The operator alerts of cancel and change requests, sent by route alerts-webhook: a cancel of an order Spot has
 * ({@code cancel-requested}: cancel it at Spot by hand) and a change with fields Spot cannot take
 * ({@code change-refused}: change it at Spot or tell the hospital). One alert per request, naming the Spot order
 * id, the hospital's order id and field names: never a patient value. The ledger marks each row alerted as it is
 * read, so a repeat, a restart or another replica never alerts twice.
 */
public class RequestAlerts implements AlertSource {

    private final RequestLedger requests;

    public RequestAlerts(RequestLedger requests) {
        this.requests = requests;
    }

    @Override
    public List<Alert> due(String instance, String at) {
        List<Alert> alerts = new ArrayList<>();
        for (RequestLedger.PendingAlert row : requests.takeUnalerted()) {
            String order = "Spot order " + row.spotOrderId() + " (" + row.sourceSystem() + ":" + row.sourceOrderId()
                    + ")";
            List<String> ids = List.of(row.spotOrderId(), row.sourceSystem() + ":" + row.sourceOrderId());
            if (row.kind().equals("cancel")) {
                alerts.add(new Alert("cancel-requested", "warning", "the hospital canceled " + order + ": cancel "
                        + "it at Spot by hand (Spot has no cancel endpoint)", 1, ids, instance, at));
            } else {
                alerts.add(new Alert("change-refused", "warning", "the hospital changed " + order + " in fields "
                        + "Spot cannot change once it has the order: " + row.refusedFields() + "; change it at "
                        + "Spot by hand or ask the hospital for a new order", 1, ids, instance, at));
            }
        }
        return alerts;
    }
}
