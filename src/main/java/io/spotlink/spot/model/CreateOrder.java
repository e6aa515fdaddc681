package io.spotlink.spot.model;

import java.util.List;
import java.util.Map;

/** Body of POST /api/v2/orders/ (Spot's CreateOrder schema). */
public record CreateOrder(List<String> kitTypes, Recipient recipient, Map<String, Object> metadata) {
}
