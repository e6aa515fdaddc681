package io.spotlink.results;

import io.spotlink.ledger.OrderLedger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Maps the ids named in a callback to Spotlink's orders, one ledger lookup per id and never a call to Spot: an
 * order id must be in the order ledger, a kit id in the kit ledger. Anything else is ignored, so a callback naming
 * unknown ids costs Spot nothing (result-poll finds kits Spotlink has not seen yet).
 */
public class CallbackIdResolver {

    private final OrderLedger orders;
    private final KitTracker kits;

    public CallbackIdResolver(OrderLedger orders, KitTracker kits) {
        this.orders = orders;
        this.kits = kits;
    }

    public CallbackTargets resolve(Set<String> ids) {
        Map<String, String> known = new LinkedHashMap<>();
        List<String> ignored = new ArrayList<>();
        for (String id : ids) {
            Optional<String> order = id.startsWith("O")
                    ? orders.findBySpotOrderId(id).map(r -> r.spotOrderId())
                    : kits.orderOf(id);
            order.ifPresentOrElse(o -> known.put(id, o), () -> ignored.add(id));
        }
        return new CallbackTargets(known, ignored);
    }
}
