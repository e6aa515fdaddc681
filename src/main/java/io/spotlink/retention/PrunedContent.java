package io.spotlink.retention;

import io.spotlink.http.HttpProblem;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the HTTP faces say of pruned records (steps of order-lookup-http, deliveries-http, delivery-replay-http):
 * {@code "content": "kept"} or {@code "content": "pruned"} with {@code content_pruned_at}, beside the metadata that
 * is still there; and a replay of a delivery whose message was pruned is refused (409) naming why.
 */
public class PrunedContent {

    static final String CONTENT = "content";
    static final String PRUNED_AT = "content_pruned_at";

    private final NamedParameterJdbcTemplate jdbc;

    public PrunedContent(DataSource dataSource) {
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
    }

    /** GET /orders/{id}: the answer (a map) gains whether the order's content is still kept. */
    @SuppressWarnings("unchecked")
    public void markOrder(Exchange exchange) {
        if (!(exchange.getMessage().getBody() instanceof Map<?, ?> body) || !body.containsKey("source_order_id")) {
            return;
        }
        Optional<Timestamp> at = jdbc.queryForList("SELECT content_pruned_at FROM spot_order WHERE source_system = "
                + ":system AND source_order_id = :orderId", new MapSqlParameterSource()
                .addValue("system", body.get("source_system")).addValue("orderId", body.get("source_order_id")),
                Timestamp.class).stream().filter(t -> t != null).findFirst();
        mark((Map<String, Object>) body, at.orElse(null));
    }

    /** GET /deliveries: each listed delivery gains whether its message is still kept. */
    @SuppressWarnings("unchecked")
    public void markDeliveries(Exchange exchange) {
        if (!(exchange.getMessage().getBody() instanceof Map<?, ?> body)
                || !(body.get("deliveries") instanceof List<?> rows) || rows.isEmpty()) {
            return;
        }
        List<Object> ids = rows.stream().map(r -> ((Map<String, Object>) r).get("id")).toList();
        Map<Long, Timestamp> pruned = new HashMap<>();
        jdbc.query("SELECT id, content_pruned_at FROM oru_delivery WHERE id IN (:ids) AND content_pruned_at IS NOT NULL",
                new MapSqlParameterSource("ids", ids), rs -> {
                    pruned.put(rs.getLong(1), rs.getTimestamp(2));
                });
        for (Object row : rows) {
            Map<String, Object> delivery = (Map<String, Object>) row;
            mark(delivery, pruned.get(((Number) delivery.get("id")).longValue()));
        }
    }

    /**
     * POST /deliveries/{id}/replay: refused with 409 when the delivery's message was pruned, since there is nothing
     * left to send. Anything else (an id that is not a number, an unknown id) is left to the replay itself.
     */
    public void refuseReplayOfPruned(@Header("id") String id) {
        long deliveryId;
        try {
            deliveryId = Long.parseLong(id);
        } catch (NumberFormatException notNumber) {
            return;
        }
        jdbc.queryForList("SELECT content_pruned_at FROM oru_delivery WHERE id = :id AND content_pruned_at IS NOT "
                + "NULL", new MapSqlParameterSource("id", deliveryId), Timestamp.class).stream().findFirst()
                .ifPresent(at -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("message", "delivery " + deliveryId + " cannot be replayed: its message was pruned by "
                            + "retention at " + at.toInstant() + " (spotlink.retention.deliveries.content-days)");
                    body.put("reason", "content-pruned");
                    body.put(PRUNED_AT, at.toInstant().toString());
                    throw new HttpProblem(409, body);
                });
    }

    private static void mark(Map<String, Object> record, Timestamp prunedAt) {
        record.put(CONTENT, prunedAt == null ? "kept" : "pruned");
        if (prunedAt != null) {
            record.put(PRUNED_AT, prunedAt.toInstant().toString());
        }
    }
}
