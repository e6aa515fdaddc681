package io.spotlink.delivery;

import org.slf4j.MDC;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.mllp.MllpAcknowledgementException;
import org.apache.camel.component.mllp.MllpAcknowledgementTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

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
    private final BooleanSupplier stopping;
    private final CamelContext context;
    /** Each destination's direct: endpoint, resolved once rather than from its URI for every message. */
    private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();
    /** Claims and records outcomes while a batch is on the wire; its one thread ends when idle for 30 s. */
    private final ExecutorService ledgerThread = ledgerThread();

    public DeliveryDispatcher(CamelContext context, DeliveryLedger ledger, DeliveryPolicy policy,
                              List<String> destinations, String controlIdPrefix) {
        this(context, ledger, policy, destinations, controlIdPrefix, context::isStopping);
    }

    /** @param stopping true once the bundle is stopping: no new batch, no new send (the one on the wire finishes) */
    public DeliveryDispatcher(CamelContext context, DeliveryLedger ledger, DeliveryPolicy policy,
                              List<String> destinations, String controlIdPrefix, BooleanSupplier stopping) {
        this.stopping = stopping;
        this.context = context;
        this.ledger = ledger;
        this.template = context.createProducerTemplate();
        this.policy = policy;
        this.destinations = List.copyOf(destinations);
        this.controlIdPrefix = controlIdPrefix;
    }

    private static ExecutorService ledgerThread() {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                work -> {
                    Thread t = new Thread(work, "spotlink-delivery-ledger");
                    t.setDaemon(true);
                    return t;
                });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    public List<String> destinations() {
        return destinations;
    }

    /**
     * One pass over every destination; returns how many messages were accepted. The steps are those of the route
     * oru-dispatch (routes/oru-dispatch.yaml), which runs them on the leader's timer: for each destination,
     * {@link #startPass}, then while {@link #nextBatch}: {@link #claimAhead} and {@link #sendBatch}; at the end,
     * whatever happened, {@link #finishPass}. This method runs the same steps in Java (tests, benchmarks).
     */
    public synchronized int dispatchDue() {
        int delivered = 0;
        for (String destination : destinations) {
            DeliveryPass pass = startPass(destination);
            try {
                while (nextBatch(pass)) {
                    claimAhead(pass);
                    sendBatch(pass);
                }
            } finally {
                finishPass(pass);
            }
            delivered += pass.delivered();
        }
        return delivered;
    }

    /**
     * Starts a destination's pass: the ledger thread claims its first batch. A pass sends batch after batch while
     * a claim finds rows and the last batch had something accepted, so a backlog drains at the EHR's pace; the
     * timer only starts a pass when the dispatcher is idle.
     */
    public DeliveryPass startPass(String destination) {
        DeliveryPass pass = new DeliveryPass(destination);
        pass.ahead = next(pass, List.of());
        return pass;
    }

    /**
     * Takes the batch the ledger thread claimed; false when the pass is over: nothing was due (and nothing recorded
     * since that claim could unblock a patient), the EHR took nothing of the last batch, or the bundle is stopping
     * (the claimed batch is then released unsent).
     */
    public boolean nextBatch(DeliveryPass pass) {
        if (pass.done || pass.ahead == null) {
            return false;
        }
        LedgerStep step = pass.ahead;
        pass.ahead = null;
        Claimed batch = step.await(pass.unrecorded);
        pass.unrecorded.addAll(batch.parked());
        if (batch.sends().isEmpty() && pass.unrecorded.isEmpty()) {
            return false;
        }
        if (stopping.getAsBoolean()) {
            release(batch.sends());
            return false;
        }
        pass.batch = batch.sends();
        return true;
    }

    /**
     * Hands the outcomes so far to the ledger thread, which records them and claims the next batch in one commit
     * while this batch is on the wire. This batch's rows are SENDING, so none of its patients' later rows can be
     * claimed before its outcomes are recorded: a patient's messages keep their order.
     */
    public void claimAhead(DeliveryPass pass) {
        pass.ahead = next(pass, List.copyOf(pass.unrecorded));
        pass.unrecorded.clear();
    }

    /**
     * Sends the batch one message at a time (MLLP allows one message in flight per connection), keeping each
     * outcome for the next commit. When the bundle stops, the message on the wire finishes and the rest of the
     * batch is released (back to PENDING with the MSH-10 it was claimed with).
     */
    public void sendBatch(DeliveryPass pass) {
        List<DeliveryLedger.Send> batch = pass.batch;
        pass.batch = List.of();
        int before = pass.unrecorded.size();
        pass.done = true; // until the batch went out: a failed send ends the pass (Camel's loop asks once more)
        int accepted = send(batch, pass.unrecorded);
        pass.unrecorded.subList(before, pass.unrecorded.size()).stream()
                .filter(o -> o.status() == DeliveryStatus.PENDING).forEach(o -> pass.retried.add(o.id()));
        pass.delivered += accepted;
        // the EHR took nothing: the timer tries again later
        pass.done = !batch.isEmpty() && accepted == 0;
    }

    /**
     * Ends a pass, however it ended: the batch claimed ahead is released unsent and the outcomes not yet recorded
     * are recorded, so a clean stop leaves no SENDING row.
     */
    public void finishPass(DeliveryPass pass) {
        try {
            release(pass.batch); // taken but never sent (a step failed between nextBatch and sendBatch)
            pass.batch = List.of();
            LedgerStep step = pass.ahead;
            pass.ahead = null;
            if (step != null) {
                release(step.await(pass.unrecorded).sends());
            }
        } finally {
            ledger.recordAll(pass.unrecorded);
            pass.unrecorded.clear();
        }
    }

    /** One destination's pass, carried by the oru-dispatch route from step to step (its body). */
    public static final class DeliveryPass {
        private final String destination;
        private final List<DeliveryLedger.Outcome> unrecorded = new ArrayList<>();
        /** rows put back in line during this pass: tried once per pass at most, whatever their back-off */
        private final java.util.Set<Long> retried = ConcurrentHashMap.newKeySet();
        private LedgerStep ahead;
        private List<DeliveryLedger.Send> batch = List.of();
        private int delivered;
        private boolean done;

        DeliveryPass(String destination) {
            this.destination = destination;
        }

        public String destination() {
            return destination;
        }

        /** How many messages of this pass were accepted. */
        public int delivered() {
            return delivered;
        }

        @Override
        public String toString() {
            return "delivery pass to " + destination + " (" + delivered + " accepted)";
        }
    }

    /** Starts the next commit on the ledger thread: record {@code recording}, then claim the destination's next batch. */
    private LedgerStep next(DeliveryPass pass, List<DeliveryLedger.Outcome> recording) {
        return new LedgerStep(recording, ledgerThread.submit(() -> ledger.inTransaction(() -> {
            ledger.recordAll(recording);
            return claim(ledger.due(pass.destination, policy.batchSize()).stream()
                    .filter(d -> !pass.retried.contains(d.id())).toList());
        })));
    }

    /** A commit running on the ledger thread, and the outcomes it records. */
    private record LedgerStep(List<DeliveryLedger.Outcome> recording, Future<Claimed> claimed) {

        /** The claimed batch; if the commit failed, its outcomes go back to {@code unrecorded} and the error is thrown. */
        Claimed await(List<DeliveryLedger.Outcome> unrecorded) {
            try {
                return claimed.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                claimed.cancel(false);
                unrecorded.addAll(recording);
                throw new IllegalStateException("interrupted while the ledger claimed the next batch", e);
            } catch (ExecutionException e) {
                unrecorded.addAll(recording);
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        }
    }

    /** Puts claimed rows that were never sent back to PENDING with their MSH-10 (a stop). */
    private void release(List<DeliveryLedger.Send> unsent) {
        if (!unsent.isEmpty()) {
            int released = ledger.release(unsent);
            LOG.info("Stopping: {} claimed deliveries released unsent (back to PENDING, same MSH-10)", released);
        }
    }

    /** A claimed batch: the rows won for sending and the rows parked at once. */
    private record Claimed(List<DeliveryLedger.Send> sends, List<DeliveryLedger.Outcome> parked) {
    }

    /** Gives each due row its MSH-10 and claims them (in the caller's transaction, on the ledger thread). */
    private Claimed claim(List<Delivery> batch) {
        List<DeliveryLedger.Send> sends = new ArrayList<>(batch.size());
        List<DeliveryLedger.Outcome> parked = new ArrayList<>();
        for (Delivery d : batch) {
            if (d.message() == null) {
                parked.add(parked(d, "no message was built", null, null));
                continue;
            }
            sends.add(sendFor(d, controlIdPrefix));
        }
        return new Claimed(ledger.claimAll(sends), parked);
    }

    /**
     * A due row (with its message) as it is claimed: its MSH-10 and the message carrying it. A delivery left SENDING
     * (the process died before the answer was recorded) goes again with the MSH-10 it was sent with: if the EHR took
     * it the first time, it recognises the resend by MSH-10 and keeps one copy.
     */
    public static DeliveryLedger.Send sendFor(Delivery d, String controlIdPrefix) {
        String controlId = d.status() == DeliveryStatus.SENDING && d.controlId() != null ? d.controlId()
                : controlIdPrefix + d.id() + "-" + (d.sends() + 1);
        return new DeliveryLedger.Send(d, controlId, OruMessages.withControlId(d.message(), controlId));
    }

    /** Sends claimed rows in order, adding their outcomes; returns how many were accepted. */
    private int send(List<DeliveryLedger.Send> claimed, List<DeliveryLedger.Outcome> outcomes) {
        int accepted = 0;
        int sent = 0;
        try {
            for (DeliveryLedger.Send s : claimed) {
                if (stopping.getAsBoolean()) {
                    break;
                }
                DeliveryLedger.Outcome outcome = send(s);
                outcomes.add(outcome);
                sent++;
                accepted += outcome.status() == DeliveryStatus.DELIVERED ? 1 : 0;
            }
        } finally {
            release(claimed.subList(sent, claimed.size()));
        }
        return accepted;
    }

    /** Sends one delivery with its ids in the log context (JSON log lines carry them as fields). */
    private DeliveryLedger.Outcome send(DeliveryLedger.Send s) {
        Delivery d = s.delivery();
        try (var delivery = MDC.putCloseable("spotlink.deliveryId", Long.toString(d.id()));
             var report = MDC.putCloseable("spotlink.reportId", d.reportId());
             var order = MDC.putCloseable("spotlink.spotOrderId", d.spotOrderId());
             var kit = MDC.putCloseable("spotlink.kitId", d.kitId());
             var control = MDC.putCloseable("spotlink.controlId", s.controlId())) {
            return sendOne(d, s.controlId(), s.message());
        }
    }

    private Endpoint endpoint(String destination) {
        return endpoints.computeIfAbsent(destination, name -> context.getEndpoint("direct:oru-deliver-" + name));
    }

    private DeliveryLedger.Outcome sendOne(Delivery d, String controlId, String message) {
        int attempt = d.attempts() + 1;
        Exchange result = template.request(endpoint(d.destination()), ex -> {
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
                LOG.info("Delivery {} (report {}, control id {}) written to {}", d.id(), d.reportId(), controlId,
                        d.destination());
                return delivered(d, null, "written to " + d.destination());
            }
            return answered(d, attempt, controlId, AckParser.parse(ack));
        } catch (IllegalArgumentException unreadableAck) {
            return failed(d, attempt, "unreadable ACK: " + unreadableAck.getMessage(), null, null);
        }
    }

    private DeliveryLedger.Outcome answered(Delivery d, int attempt, String controlId, AckResult ack) {
        if (!controlId.equals(ack.controlId())) {
            return failed(d, attempt, "ACK for control id " + ack.controlId() + ", expected " + controlId,
                    ack.code(), ack.text());
        }
        if (ack.accepted()) {
            LOG.info("Delivery {} (report {}, control id {}) to {} acknowledged {}", d.id(), d.reportId(), controlId,
                    d.destination(), ack.code());
            return delivered(d, ack.code(), ack.text());
        }
        if (ack.contentError()) {
            LOG.warn("Delivery {} (report {}, control id {}) refused by {} with {}; parked for an operator", d.id(),
                    d.reportId(), controlId, d.destination(), ack.code());
            return parked(d, "EHR answered " + ack.code(), ack.code(), ack.text());
        }
        return failed(d, attempt, "EHR answered " + ack.code(), ack.code(), ack.text());
    }

    private DeliveryLedger.Outcome failed(Delivery d, int attempt, String error, String ackCode, String ackText) {
        if (attempt >= policy.maxAttempts()) {
            LOG.warn("Delivery {} (report {}) to {} parked after {} attempts: {}", d.id(), d.reportId(),
                    d.destination(), attempt, error);
            return parked(d, error + " (after " + attempt + " attempts)", ackCode, ackText);
        }
        LOG.info("Delivery {} (report {}) to {} failed, attempt {}/{}: {}", d.id(), d.reportId(),
                d.destination(), attempt, policy.maxAttempts(), error);
        return new DeliveryLedger.Outcome(d.id(), DeliveryStatus.PENDING, error, ackCode, ackText,
                policy.delayAfter(attempt));
    }

    private static DeliveryLedger.Outcome delivered(Delivery d, String ackCode, String ackText) {
        return new DeliveryLedger.Outcome(d.id(), DeliveryStatus.DELIVERED, null, ackCode, ackText, null);
    }

    private static DeliveryLedger.Outcome parked(Delivery d, String error, String ackCode, String ackText) {
        return new DeliveryLedger.Outcome(d.id(), DeliveryStatus.FAILED, error, ackCode, ackText, null);
    }

    private static String describe(Exception e) {
        // MllpException messages exclude the payload while camel.component.mllp.log-phi is false.
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message.split("\n")[0]);
    }
}
