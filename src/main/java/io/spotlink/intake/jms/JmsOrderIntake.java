package io.spotlink.intake.jms;

import io.spotlink.intake.CanonicalOrderReader;
import io.spotlink.intake.FieldError;
import io.spotlink.intake.InvalidOrderException;
import io.spotlink.intake.OrderReceipt;
import io.spotlink.intake.OrderSubmitGateway;
import io.spotlink.spot.SpotApiException;
import io.spotlink.spot.SpotJson;
import jakarta.jms.Message;
import jakarta.jms.Session;
import org.apache.camel.Exchange;
import org.apache.camel.component.jms.JmsMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Handles one raw JMS order message inside its transaction (the route reads it with mapJmsMessage=false, so Camel
 * never converts the body). A recorded order commits. A message that can never succeed (wrong type, too large, not
 * UTF-8, not an order) is dead-lettered at once. Any other failure (Spot unavailable, or anything unexpected) rolls
 * back for redelivery, with one WARN line and no stack trace, until the last delivery, which is dead-lettered: no
 * message is redelivered forever. The body left on the exchange is the reply sent when JMSReplyTo is set.
 */
public class JmsOrderIntake {

    private static final Logger LOG = LoggerFactory.getLogger(JmsOrderIntake.class);

    /** What this channel accepts. */
    public record Limits(int maxDeliveries, long maxBytes) {
    }

    private final OrderSubmitGateway submitter;
    private final JmsDeadLetters deadLetters;
    private final Limits limits;
    private io.spotlink.cancel.ChannelRequests requests;

    /** JMS property naming a message's action: {@code cancel} (or the JSON field "action"); none: an order. */
    public static final String ACTION_PROPERTY = "SpotlinkAction";

    public JmsOrderIntake(OrderSubmitGateway submitter, JmsDeadLetters deadLetters, Limits limits) {
        this.submitter = submitter;
        this.deadLetters = deadLetters;
        this.limits = limits;
    }

    /** Cancel requests ("action": "cancel"): without them, such a message is dead-lettered as not an order. */
    public void setRequests(io.spotlink.cancel.ChannelRequests requests) {
        this.requests = requests;
    }

    public void handle(Exchange exchange) throws Exception {
        JmsMessage in = exchange.getIn(JmsMessage.class);
        Message message = in.getJmsMessage();
        Session session = in.getJmsSession();
        String messageId = message.getJMSMessageID();
        int delivery = message.propertyExists("JMSXDeliveryCount") ? message.getIntProperty("JMSXDeliveryCount") : 1;
        try {
            String text = JmsOrderText.read(message, limits.maxBytes());
            com.fasterxml.jackson.databind.JsonNode node = CanonicalOrderReader.tree(text);
            var cancel = requests == null ? java.util.Optional.<io.spotlink.cancel.CancelAsk>empty()
                    : io.spotlink.cancel.CancelAsk.from(node, message.getStringProperty(ACTION_PROPERTY));
            if (cancel.isPresent()) {
                cancel(exchange, session, message, cancel.get());
                return;
            }
            OrderReceipt receipt = submitter.submit(CanonicalOrderReader.bind(node, ""));
            if (receipt.outcome() == OrderReceipt.Outcome.IN_PROGRESS) {
                throw new StillInProgress();
            }
            if (receipt.outcome() == OrderReceipt.Outcome.REJECTED
                    || receipt.outcome() == OrderReceipt.Outcome.CONFLICT
                    || receipt.outcome() == OrderReceipt.Outcome.CANCELED) {
                deadLetters.send(session, message, receipt.message(), receipt.errors());
            } else {
                LOG.info("JMS message {}: order {}/{} {} as {}", messageId, receipt.sourceSystem(),
                        receipt.sourceOrderId(), receipt.outcome(), receipt.spotOrderId());
            }
            reply(exchange, receipt.outcome().name().toLowerCase(Locale.ROOT), receipt.sourceOrderId(),
                    receipt.spotOrderId(), receipt.errors());
        } catch (RefusedMessageException e) {
            deadLetters.send(session, message, e.getMessage(), List.of());
            reply(exchange, "rejected", null, null, List.of(new FieldError("message", e.getMessage())));
        } catch (InvalidOrderException e) {
            deadLetters.send(session, message, "unreadable order", e.errors());
            reply(exchange, "rejected", null, null, e.errors());
        } catch (Exception | StackOverflowError e) {
            String why = describe(e);
            if (delivery < limits.maxDeliveries()) {
                LOG.warn("JMS message {} (delivery {}/{}) failed: {}; rolled back for redelivery", messageId,
                        delivery, limits.maxDeliveries(), why);
                exchange.setRollbackOnly(true);
                return;
            }
            String verb = e instanceof SpotApiException ? "not submitted" : "not processed";
            deadLetters.sendFailed(session, message, verb + " after " + delivery + " deliveries: " + why);
            reply(exchange, "failed", null, null, List.of(new FieldError(e instanceof SpotApiException ? "spot"
                    : "message", why)));
        }
    }

    /**
     * A cancel request: committed once recorded (reply outcome canceled or cancel_requested); an unknown order is
     * dead-lettered with the reason; an order being sent right now rolls back for a later redelivery.
     */
    private void cancel(Exchange exchange, Session session, Message message, io.spotlink.cancel.CancelAsk ask)
            throws Exception {
        io.spotlink.cancel.CancelResult result = requests.cancel(ask, "jms", "jms");
        switch (result.outcome()) {
            case IN_PROGRESS -> throw new StillInProgress();
            case UNKNOWN -> {
                deadLetters.send(session, message, result.message(), List.of());
                reply(exchange, "unknown", result.sourceOrderId(), null, List.of(new FieldError("source_order_id",
                        result.message())));
            }
            default -> {
                String outcome = result.outcome() == io.spotlink.cancel.CancelResult.Outcome.CANCELED ? "canceled"
                        : "cancel_requested";
                LOG.info("JMS message {}: cancel of {}/{} {}{}", message.getJMSMessageID(), result.sourceSystem(),
                        result.sourceOrderId(), outcome, result.repeat() ? " (repeat)" : "");
                reply(exchange, outcome, result.sourceOrderId(), result.spotOrderId(), List.of());
            }
        }
    }

    /** Spot's own failures are described by our client; anything else by its type only, never its message. */
    private static String describe(Throwable e) {
        return e instanceof SpotApiException || e instanceof StillInProgress ? e.getMessage()
                : e.getClass().getSimpleName();
    }

    /** Another copy of the same order is being submitted right now: try again later. */
    private static final class StillInProgress extends RuntimeException {
        StillInProgress() {
            super("a copy of this order is still being submitted");
        }
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
