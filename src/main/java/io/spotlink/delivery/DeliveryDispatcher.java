package io.spotlink.delivery;

import org.slf4j.MDC;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.mllp.MllpAcknowledgementException;
import org.apache.camel.component.mllp.MllpAcknowledgementTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Sends due ORUs to their destinations through the routes {@code direct:oru-deliver-<destination>}, one patient's
 * messages in order, and records every outcome. Timeouts and rejects (AR/CR) are retried with back-off until the
 * last attempt; content errors (AE/CE) are parked at once with the EHR's text.
 */
public class DeliveryDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryDispatcher.class);
    /** Routes put the destination's answer here (MLLP: the ACK text). */
    public static final String ACK_HEADER = "CamelMllpAcknowledgementString";

    private final DeliveryLedger ledger;
    private final ProducerTemplate template;
    private final DeliveryPolicy policy;
    private final List<String> destinations;
    private final String controlIdPrefix;

    public DeliveryDispatcher(CamelContext context, DeliveryLedger ledger, DeliveryPolicy policy,
                              List<String> destinations, String controlIdPrefix) {
        this.ledger = ledger;
        this.template = context.createProducerTemplate();
        this.policy = policy;
        this.destinations = List.copyOf(destinations);
        this.controlIdPrefix = controlIdPrefix;
    }

    public List<String> destinations() {
        return destinations;
    }

    /**
     * One pass over every destination; returns how many messages were accepted. A destination's batches follow one
     * another while they come back full and something was accepted, so a backlog drains at the EHR's pace instead
     * of one batch per timer tick (batch-size / interval).
     */
    public synchronized int dispatchDue() {
        int delivered = 0;
        for (String destination : destinations) {
            int accepted;
            List<Delivery> batch;
            do {
                batch = ledger.due(destination, policy.batchSize());
                accepted = 0;
                for (Delivery delivery : batch) {
                    accepted += send(delivery) ? 1 : 0;
                }
                delivered += accepted;
            } while (batch.size() >= policy.batchSize() && accepted > 0);
        }
        return delivered;
    }

    /** Sends one delivery with its ids in the log context (JSON log lines carry them as fields). */
    private boolean send(Delivery d) {
        try (var delivery = MDC.putCloseable("spotlink.deliveryId", Long.toString(d.id()));
             var report = MDC.putCloseable("spotlink.reportId", d.reportId());
             var order = MDC.putCloseable("spotlink.spotOrderId", d.spotOrderId());
             var kit = MDC.putCloseable("spotlink.kitId", d.kitId())) {
            return sendOne(d);
        } finally {
            MDC.remove("spotlink.controlId");
        }
    }

    private boolean sendOne(Delivery d) {
        if (d.message() == null) {
            ledger.park(d.id(), "no message was built", null, null);
            return false;
        }
        int attempt = d.attempts() + 1;
        // A delivery left SENDING (the process died before the answer was recorded) goes again with the MSH-10 it
        // was sent with: if the EHR took it the first time, it recognises the resend by MSH-10 and keeps one copy.
        String controlId = d.status() == DeliveryStatus.SENDING && d.controlId() != null ? d.controlId()
                : controlIdPrefix + d.id() + "-" + (d.sends() + 1);
        MDC.put("spotlink.controlId", controlId);
        String message = OruMessages.withControlId(d.message(), controlId);
        if (!ledger.claim(d, controlId, message)) {
            return false;
        }
        Exchange result = template.request("direct:oru-deliver-" + d.destination(), ex -> {
            ex.getIn().setBody(message);
            ex.getIn().setHeader("SpotlinkDeliveryId", d.id());
            ex.getIn().setHeader("SpotlinkControlId", controlId);
            ex.getIn().setHeader("SpotlinkReportId", d.reportId());
            ex.getIn().setHeader("SpotlinkResultStatus", String.valueOf(d.resultStatus()));
            ex.getIn().setHeader("SpotlinkSpotOrderId", d.spotOrderId());
        });
        Exception failure = result.getException();
        try {
            if (failure instanceof MllpAcknowledgementException nack && !(failure instanceof MllpAcknowledgementTimeoutException)
                    && nack.hasHl7AcknowledgementBytes()) {
                return answered(d, attempt, controlId,
                        AckParser.parse(new String(nack.getHl7AcknowledgementBytes(), StandardCharsets.UTF_8)));
            }
            if (failure != null) {
                return failed(d, attempt, describe(failure), null, null);
            }
            String ack = result.getMessage().getHeader(ACK_HEADER, String.class);
            if (ack == null) {
                ledger.delivered(d.id(), null, "written to " + d.destination());
                LOG.info("Delivery {} (report {}, control id {}) written to {}", d.id(), d.reportId(), controlId,
                        d.destination());
                return true;
            }
            return answered(d, attempt, controlId, AckParser.parse(ack));
        } catch (IllegalArgumentException unreadableAck) {
            return failed(d, attempt, "unreadable ACK: " + unreadableAck.getMessage(), null, null);
        }
    }

    private boolean answered(Delivery d, int attempt, String controlId, AckResult ack) {
        if (!controlId.equals(ack.controlId())) {
            return failed(d, attempt, "ACK for control id " + ack.controlId() + ", expected " + controlId,
                    ack.code(), ack.text());
        }
        if (ack.accepted()) {
            ledger.delivered(d.id(), ack.code(), ack.text());
            LOG.info("Delivery {} (report {}, control id {}) to {} acknowledged {}", d.id(), d.reportId(), controlId,
                    d.destination(), ack.code());
            return true;
        }
        if (ack.contentError()) {
            ledger.park(d.id(), "EHR answered " + ack.code(), ack.code(), ack.text());
            LOG.warn("Delivery {} (report {}, control id {}) refused by {} with {}; parked for an operator", d.id(),
                    d.reportId(), controlId, d.destination(), ack.code());
            return false;
        }
        return failed(d, attempt, "EHR answered " + ack.code(), ack.code(), ack.text());
    }

    private boolean failed(Delivery d, int attempt, String error, String ackCode, String ackText) {
        if (attempt >= policy.maxAttempts()) {
            ledger.park(d.id(), error + " (after " + attempt + " attempts)", ackCode, ackText);
            LOG.warn("Delivery {} (report {}) to {} parked after {} attempts: {}", d.id(), d.reportId(),
                    d.destination(), attempt, error);
        } else {
            ledger.retryLater(d.id(), error, ackCode, ackText, policy.delayAfter(attempt));
            LOG.info("Delivery {} (report {}) to {} failed, attempt {}/{}: {}", d.id(), d.reportId(),
                    d.destination(), attempt, policy.maxAttempts(), error);
        }
        return false;
    }

    private static String describe(Exception e) {
        // MllpException messages exclude the payload while camel.component.mllp.log-phi is false.
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message.split("\n")[0]);
    }
}
