package io.spotlink.intake.jms;

import io.spotlink.cancel.CancelAsk;
import io.spotlink.cancel.CancelResult;
import io.spotlink.cancel.ChannelRequests;
import io.spotlink.intake.CanonicalOrderReader;
import io.spotlink.intake.FieldError;
import io.spotlink.intake.InvalidOrderException;
import io.spotlink.intake.OrderReceipt;
import io.spotlink.spot.SpotApiException;
import io.spotlink.spot.SpotJson;
import jakarta.jms.Message;
import jakarta.jms.Session;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.component.jms.JmsMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The steps of route order-intake-jms, each on one raw JMS message inside its transaction (the route reads it with
 * mapJmsMessage=false, so Camel never converts the body): {@link #read} checks the message's type and size and
 * reads its order (or cancel request), {@link #submitted} / {@link #cancel} answer after order-submit, and the
 * route's doCatch calls {@link #refused} (dead-lettered at once: wrong type, too large, not UTF-8, not an order),
 * {@link #rollingBack} (one WARN line, then the route rolls back for redelivery) or {@link #failed} (the last
 * delivery: dead-lettered, so no message is redelivered forever). The body each step leaves is the reply, sent by
 * the jms consumer when JMSReplyTo is set.
 */
public class JmsOrderIntake {

    private static final Logger LOG = LoggerFactory.getLogger(JmsOrderIntake.class);
    /** Exchange properties: the raw message and its session (kept for the dead-letter queue), its delivery count. */
    public static final String MESSAGE = "SpotlinkJmsMessage";
    public static final String SESSION = "SpotlinkJmsSession";
    public static final String DELIVERY = "SpotlinkJmsDelivery";

    /** What this channel accepts. */
    public record Limits(int maxDeliveries, long maxBytes) {
    }

    private final JmsDeadLetters deadLetters;
    private final Limits limits;
    private ChannelRequests requests;

    /** JMS property naming a message's action: {@code cancel} (or the JSON field "action"); none: an order. */
    public static final String ACTION_PROPERTY = "SpotlinkAction";

    public JmsOrderIntake(JmsDeadLetters deadLetters, Limits limits) {
        this.deadLetters = deadLetters;
        this.limits = limits;
    }

    /** Cancel requests ("action": "cancel"): without them, such a message is dead-lettered as not an order. */
    public void setRequests(ChannelRequests requests) {
        this.requests = requests;
    }

    /**
     * The message's type and size checked, then its JSON read strictly: the body becomes a CanonicalOrder, or a
     * CancelAsk. Throws RefusedMessageException or InvalidOrderException for a message that can never succeed.
     */
    public void read(Exchange exchange) throws Exception {
        JmsMessage in = exchange.getIn(JmsMessage.class);
        Message message = in.getJmsMessage();
        exchange.setProperty(MESSAGE, message);
        exchange.setProperty(SESSION, in.getJmsSession());
        exchange.setProperty(DELIVERY, message.propertyExists("JMSXDeliveryCount")
                ? message.getIntProperty("JMSXDeliveryCount") : 1);
        String text = JmsOrderText.read(message, limits.maxBytes());
        com.fasterxml.jackson.databind.JsonNode node = CanonicalOrderReader.tree(text);
        Optional<CancelAsk> cancel = requests == null ? Optional.empty()
                : CancelAsk.from(node, message.getStringProperty(ACTION_PROPERTY));
        exchange.getMessage().setBody(cancel.isPresent() ? cancel.get() : CanonicalOrderReader.bind(node, ""));
    }

    /**
     * order-submit's receipt: CREATED or EXISTING commit; REJECTED, CONFLICT and CANCELED are dead-lettered with
     * the reason; IN_PROGRESS (a copy being submitted right now) throws, so the message is redelivered later.
     */
    public void submitted(Exchange exchange) throws Exception {
        OrderReceipt receipt = exchange.getMessage().getBody(OrderReceipt.class);
        if (receipt.outcome() == OrderReceipt.Outcome.IN_PROGRESS) {
            throw new StillInProgress();
        }
        if (receipt.outcome() == OrderReceipt.Outcome.REJECTED
                || receipt.outcome() == OrderReceipt.Outcome.CONFLICT
                || receipt.outcome() == OrderReceipt.Outcome.CANCELED) {
            deadLetters.send(session(exchange), message(exchange), receipt.message(), receipt.errors());
        } else {
            LOG.info("JMS message {}: order {}/{} {} as {}", message(exchange).getJMSMessageID(),
                    receipt.sourceSystem(), receipt.sourceOrderId(), receipt.outcome(), receipt.spotOrderId());
        }
        reply(exchange, receipt.outcome().name().toLowerCase(Locale.ROOT), receipt.sourceOrderId(),
                receipt.spotOrderId(), receipt.errors());
    }

    /**
     * A cancel request (the body a CancelAsk): committed once recorded (reply outcome canceled or
     * cancel_requested); an unknown order is dead-lettered with the reason; an order being sent right now throws,
     * for a later redelivery.
     */
    public void cancel(Exchange exchange) throws Exception {
        CancelResult result = requests.cancel(exchange.getMessage().getBody(CancelAsk.class), "jms", "jms");
        Message message = message(exchange);
        switch (result.outcome()) {
            case IN_PROGRESS -> throw new StillInProgress();
            case UNKNOWN -> {
                deadLetters.send(session(exchange), message, result.message(), List.of());
                reply(exchange, "unknown", result.sourceOrderId(), null, List.of(new FieldError("source_order_id",
                        result.message())));
            }
            default -> {
                String outcome = result.outcome() == CancelResult.Outcome.CANCELED ? "canceled" : "cancel_requested";
                LOG.info("JMS message {}: cancel of {}/{} {}{}", message.getJMSMessageID(), result.sourceSystem(),
                        result.sourceOrderId(), outcome, result.repeat() ? " (repeat)" : "");
                reply(exchange, outcome, result.sourceOrderId(), result.spotOrderId(), List.of());
            }
        }
    }

    /** A message refused for what it is (type, size, encoding, not an order): dead-lettered with the reason. */
    public void refused(Exchange exchange) throws Exception {
        Exception caught = caught(exchange);
        if (caught instanceof InvalidOrderException invalid) {
            deadLetters.send(session(exchange), message(exchange), "unreadable order", invalid.errors());
            reply(exchange, "rejected", null, null, invalid.errors());
        } else {
            deadLetters.send(session(exchange), message(exchange), caught.getMessage(), List.of());
            reply(exchange, "rejected", null, null, List.of(new FieldError("message", caught.getMessage())));
        }
    }

    /** Whether this delivery is the last one the broker makes (spotlink.intake.jms.max-deliveries). */
    public boolean lastDelivery(Exchange exchange) {
        return exchange.getProperty(DELIVERY, 1, Integer.class) >= limits.maxDeliveries();
    }

    /** One WARN line, no stack trace, before the route rolls the message back for redelivery. */
    public void rollingBack(Exchange exchange) throws Exception {
        LOG.warn("JMS message {} (delivery {}/{}) failed: {}; rolled back for redelivery", messageId(exchange),
                exchange.getProperty(DELIVERY, 1, Integer.class), limits.maxDeliveries(), describe(cause(exchange)));
    }

    /** The last delivery failed too (Spot unavailable, or anything unexpected): dead-lettered for an operator. */
    public void failed(Exchange exchange) throws Exception {
        Throwable e = cause(exchange);
        String why = describe(e);
        String verb = e instanceof SpotApiException ? "not submitted" : "not processed";
        deadLetters.sendFailed(session(exchange), message(exchange), verb + " after "
                + exchange.getProperty(DELIVERY, 1, Integer.class) + " deliveries: " + why);
        reply(exchange, "failed", null, null, List.of(new FieldError(e instanceof SpotApiException ? "spot"
                : "message", why)));
    }

    private static Exception caught(Exchange exchange) {
        return exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
    }

    /** The failure, unwrapped from the CamelExecutionException Camel puts around an Error (a stack overflow). */
    private static Throwable cause(Exchange exchange) {
        Exception caught = caught(exchange);
        return caught instanceof CamelExecutionException wrapped && wrapped.getCause() instanceof Error error
                ? error : caught;
    }

    /** The raw message: kept by read, read here when read itself failed before keeping it. */
    private static Message message(Exchange exchange) {
        Message kept = exchange.getProperty(MESSAGE, Message.class);
        return kept != null ? kept : exchange.getIn(JmsMessage.class).getJmsMessage();
    }

    private static Session session(Exchange exchange) {
        Session kept = exchange.getProperty(SESSION, Session.class);
        return kept != null ? kept : exchange.getIn(JmsMessage.class).getJmsSession();
    }

    private static String messageId(Exchange exchange) throws Exception {
        return message(exchange).getJMSMessageID();
    }

    /** Spot's own failures are described by our client; anything else by its type only, never its message. */
    private static String describe(Throwable e) {
        return e instanceof SpotApiException || e instanceof StillInProgress ? e.getMessage()
                : e.getClass().getSimpleName();
    }

    /** Another copy of the same order is being submitted right now: try again later. */
    static final class StillInProgress extends RuntimeException {
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
        // the outcome only: no header of the request, nor of the Spot call order-submit made on this exchange
        message.removeHeaders("*");
        message.setBody(SpotJson.mapper().writeValueAsString(body));
        message.setHeader("Content-Type", "application/json");
    }
}
