package io.spotlink.soak;

import java.time.Duration;

/**
 * The resend loop of a hospital engine: try, and on a failure or no answer wait and try again, until an answer
 * that settles the order or the time limit. Bounded: a sender never loops forever.
 */
final class Resender {

    /** What one attempt learned. */
    enum Outcome { ACCEPTED, REFUSED, RETRY }

    /** One attempt; {@code detail} receives a short reason for the report (never patient data). */
    interface Attempt {
        Outcome run(StringBuilder detail) throws Exception;
    }

    /** A channel's sender: one attempt at one order. */
    interface Channel {
        Outcome attempt(SoakOrder order, StringBuilder detail) throws Exception;
    }

    private final Duration limit;
    private final Duration pause;

    Resender(Duration limit, Duration pause) {
        this.limit = limit;
        this.pause = pause;
    }

    void send(SoakOrder order, SoakProgress progress, Attempt attempt) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        String last = "no attempt";
        for (int n = 0; System.nanoTime() < deadline; n++) {
            if (n > 0) {
                progress.resent(order.channel());
                Thread.sleep(pause.toMillis());
            }
            StringBuilder detail = new StringBuilder();
            Outcome outcome;
            try {
                outcome = attempt.run(detail);
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                outcome = Outcome.RETRY;
                detail.append(e.getClass().getSimpleName());
            }
            if (outcome == Outcome.ACCEPTED) {
                progress.handedOver(order.channel(), 1);
                return;
            }
            if (outcome == Outcome.REFUSED) {
                progress.refused(order.sourceOrderId(), detail.toString());
                return;
            }
            last = detail.toString();
            progress.retryReason(order.channel(), last);
        }
        progress.gaveUp(order.sourceOrderId(), last);
    }
}
