package io.spotlink.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spotlink.spot.SpotJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** Posts a small callback, as Spot would, whenever a kit's or sample's status or reports change. */
final class CallbackNotifier {

    private static final Logger LOG = LoggerFactory.getLogger(CallbackNotifier.class);

    private final String url;
    private final String secret;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, String> lastSeen = new ConcurrentHashMap<>();

    CallbackNotifier(String url, String secret) {
        this.url = url;
        this.secret = secret;
    }

    void check(OrderStore store, Instant now) {
        for (SimOrder order : store.orders()) {
            for (SimKit kit : order.kits) {
                if (now.isBefore(kit.created)) {
                    continue;
                }
                String state = kit.statusAt(now, "KIT") + "/" + kit.statusAt(now, "SAMPLE") + "/"
                        + (kit.hasAmendment() && !now.isBefore(kit.amendedAt()));
                if (!Objects.equals(lastSeen.put(kit.kitId, state), state)) {
                    post(order.orderId, kit.kitId);
                }
            }
        }
    }

    private void post(String orderId, String kitId) {
        ObjectNode body = SpotJson.mapper().createObjectNode();
        body.put("event", "kit.updated");
        body.put("kit_id", kitId);
        body.put("order_id", orderId);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (secret != null) {
            request.header("X-Spot-Signature", secret);
        }
        http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            if (failure != null || response.statusCode() >= 300) {
                LOG.debug("sim callback for kit {} not accepted: {}", kitId,
                        failure != null ? failure.getClass().getSimpleName() : response.statusCode());
            }
        });
    }
}
