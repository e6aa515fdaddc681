package io.spotlink.intake.jms;

import io.spotlink.intake.CanonicalOrderReader;
import io.spotlink.intake.FieldError;
import io.spotlink.intake.InvalidOrderException;
import io.spotlink.intake.OrderReceipt;
import io.spotlink.intake.OrderSubmitRoute;
import io.spotlink.spot.SpotApiException;
import io.spotlink.spot.SpotJson;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Handles one JMS order message inside its transaction. A recorded order commits; a transient failure (Spot
 * unavailable) rolls back for redelivery until the last attempt; a bad order, or the last failed attempt, goes to
 * the dead-letter queue with the original body and the reason in headers, and commits. The body left on the
 * exchange is the reply sent when JMSReplyTo is set.
 */
public class JmsOrderIntake {

    private static final Logger LOG = LoggerFactory.getLogger(JmsOrderIntake.class);
    public static final String REASON_HEADER = "SpotlinkFailureReason";
    public static final String ERRORS_HEADER = "SpotlinkFailureErrors";

    private final OrderSubmitRoute submitter;
    private final ProducerTemplate producer;
    private final String deadLetterUri;
    private final int maxDeliveries;

    public JmsOrderIntake(OrderSubmitRoute submitter, ProducerTemplate producer, String deadLetterUri,
                          int maxDeliveries) {
        this.submitter = submitter;
        this.producer = producer;
        this.deadLetterUri = deadLetterUri;
        this.maxDeliveries = maxDeliveries;
    }

    public void handle(Exchange exchange) throws Exception {
        var in = exchange.getMessage();
        String original = in.getBody(String.class);
        String messageId = in.getHeader("JMSMessageID", String.class);
        int delivery = in.getHeader("JMSXDeliveryCount", 1, Integer.class);
        OrderReceipt receipt;
        try {
            receipt = submitter.submit(CanonicalOrderReader.readOne(original));
        } catch (InvalidOrderException e) {
            deadLetter(exchange, original, "unreadable order", e.errors());
            reply(exchange, "rejected", null, null, e.errors());
            return;
        } catch (SpotApiException e) {
            if (delivery < maxDeliveries) {
                LOG.warn("JMS message {} (delivery {}/{}): {}; rolling back for redelivery", messageId, delivery,
                        maxDeliveries, e.getMessage());
                throw e;
            }
            deadLetter(exchange, original, "not submitted after " + delivery + " deliveries: " + e.getMessage(),
                    List.of());
            reply(exchange, "failed", null, null, List.of(new FieldError("spot", e.getMessage())));
            return;
        }
        switch (receipt.outcome()) {
            case CREATED, EXISTING -> LOG.info("JMS message {}: order {}/{} {} as {}", messageId,
                    receipt.sourceSystem(), receipt.sourceOrderId(), receipt.outcome(), receipt.spotOrderId());
            case IN_PROGRESS -> throw new IllegalStateException("a copy of order " + receipt.sourceOrderId()
                    + " is being submitted; redeliver later");
            case REJECTED, CONFLICT -> deadLetter(exchange, original, receipt.message(), receipt.errors());
        }
        reply(exchange, receipt.outcome().name().toLowerCase(java.util.Locale.ROOT), receipt.sourceOrderId(),
                receipt.spotOrderId(), receipt.errors());
    }

    private void deadLetter(Exchange exchange, String original, String reason, List<FieldError> errors)
            throws Exception {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put(REASON_HEADER, reason);
        headers.put(ERRORS_HEADER, SpotJson.mapper().writeValueAsString(errors.stream().map(FieldError::toString)
                .toList()));
        headers.put("SpotlinkOriginalMessageId", exchange.getMessage().getHeader("JMSMessageID", String.class));
        producer.sendBodyAndHeaders(deadLetterUri, original, headers);
        LOG.warn("JMS message {} dead-lettered: {} ({} field problem(s))",
                exchange.getMessage().getHeader("JMSMessageID", String.class), reason.split(":")[0], errors.size());
    }

    private static void reply(Exchange exchange, String outcome, String sourceOrderId, String spotOrderId,
                              List<FieldError> errors) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("outcome", outcome);
        body.put("source_order_id", sourceOrderId);
        body.put("spot_order_id", spotOrderId);
        body.put("errors", errors.stream().map(FieldError::asMap).toList());
        var message = exchange.getMessage();
        message.setBody(SpotJson.mapper().writeValueAsString(body));
        message.setHeader("Content-Type", "application/json");
    }
}
