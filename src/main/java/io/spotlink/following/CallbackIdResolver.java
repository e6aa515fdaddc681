package io.spotlink.following;

import io.spotlink.ledger.OrderLedger;
import io.spotlink.spot.SpotApiException;
import io.spotlink.spot.SpotClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Maps the ids named in a callback to Spotlink's orders with one ledger lookup per id: an order id must be in the
 * order ledger, a kit id in the kit ledger. A kit Spotlink has not seen yet (a callback can come before the poll
 * meets the kit) costs one GET /api/v2/kits/{id}/, whose order_id must then be one of our orders; never a listing of
 * every kit. Ids Spot does not know (404), or that belong to no order of ours, are ignored; so is a kit whose lookup
 * fails (result-poll catches up). The callback's rate limit and max-ids bound these calls.
 */
public class CallbackIdResolver {

    private static final Logger LOG = LoggerFactory.getLogger(CallbackIdResolver.class);

    private final OrderLedger orders;
    private final KitTracker kits;
    private final SpotClient spot;

    public CallbackIdResolver(OrderLedger orders, KitTracker kits, SpotClient spot) {
        this.orders = orders;
        this.kits = kits;
        this.spot = spot;
    }

    public CallbackTargets resolve(Set<String> ids) {
        Map<String, String> known = new LinkedHashMap<>();
        List<String> ignored = new ArrayList<>();
        for (String id : ids) {
            Optional<String> order = id.startsWith("O") ? ours(id) : kits.orderOf(id).or(() -> askSpot(id));
            order.ifPresentOrElse(o -> known.put(id, o), () -> ignored.add(id));
        }
        return new CallbackTargets(known, ignored);
    }

    private Optional<String> ours(String spotOrderId) {
        return orders.findBySpotOrderId(spotOrderId).map(r -> r.spotOrderId());
    }

    private Optional<String> askSpot(String kitId) {
        try {
            return spot.orderOfKit(kitId).flatMap(this::ours);
        } catch (SpotApiException | IllegalStateException e) {
            LOG.info("Callback named kit {}, which Spot could not look up now ({}); result-poll catches up", kitId,
                    e instanceof SpotApiException s ? "HTTP " + s.status() : e.getClass().getSimpleName());
            return Optional.empty();
        }
    }
}
