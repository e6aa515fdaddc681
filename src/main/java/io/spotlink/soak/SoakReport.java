package io.spotlink.soak;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Writes docs/reliability.md: what the soak did, the command that did it, and its figures. */
final class SoakReport {

    private SoakReport() {
    }

    static void write(SoakResult result, Path file) throws IOException {
        if (result.plan().twoInstances()) {
            writeTwoInstances(result, file);
            return;
        }
        SoakPlan plan = result.plan();
        String text = """
                # Reliability: the soak

                Written by `%s` on %s (a 2-core machine shared with other builds).

                The bundle ran as a child process (`java -cp ... io.spotlink.SpotlinkCli run`, H2 ledger, configured
                by environment variables) between the Spot simulator and a stand-in EHR MLLP listener, both in the
                soak's own process. %d orders went in over HTTP, JMS, files (CSV and JSON) and HL7 ORM over MLLP, from
                senders that resend on a failure or no answer as hospital engines do (HTTP 5xx and timeouts, MLLP AR
                or no ACK; JMS and files are durable once handed over).

                Faults at Spot, before any work: %.0f%% 5xx, %.0f%% 429 with Retry-After, %.0f%% answers later than
                the bundle's timeout (`spot.api.response-timeout` = %s), %.0f%% dropped connections. After a
                create's work (the order exists, its answer is lost): %.0f%% of creates (dropped connection, 500, or
                too late). The bundle was SIGKILLed %d times at random points of the intake and restarted; the EHR
                listener was stopped for %d s and started again on the same port. Kits went through their whole
                lifecycle at the simulator (stage %s), with partial reports and amendments.

                The reconciliation reads the simulator's own orders and reports, the EHR's received messages and
                ACKs, and the outbox: each source order must be exactly one Spot order; each final report and each
                amendment must reach the EHR (accepted with AA; the same MSH-10 resent after a kill counts once, as an
                EHR's duplicate check keeps it once) and the outbox exactly once, each patient's in order;
                and at the end no order may be left SUBMITTING or FAILED and no delivery pending, sending or parked.

                ```
                %s```
                """.formatted(plan.command(), Instant.now().truncatedTo(ChronoUnit.SECONDS), plan.orders(),
                SoakSimulator.ERROR_RATE * 100, SoakSimulator.RATE_LIMIT_RATE * 100,
                SoakSimulator.TIMEOUT_RATE * 100, plan.spotTimeout().toSeconds() + "s", SoakSimulator.DROP_RATE * 100,
                (SoakSimulator.AFTER_CREATE_DROP + SoakSimulator.AFTER_CREATE_ERROR + SoakSimulator.AFTER_CREATE_SLOW)
                        * 100, plan.kills(), plan.ehrOutage().toSeconds(), plan.stageDuration(), result.summary());
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static final String TWO = "## Two instances";

    /** Adds (or replaces) the two-instance section after the single-instance run's figures. */
    private static void writeTwoInstances(SoakResult result, Path file) throws IOException {
        String existing = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "# Reliability\n";
        int at = existing.indexOf(TWO);
        String before = (at < 0 ? existing : existing.substring(0, at)).stripTrailing() + "\n\n";
        java.util.regex.Matcher single = java.util.regex.Pattern.compile("intake [0-9.]+ s, ([0-9.]+) orders/s")
                .matcher(before);
        String text = TWO + """


                Written by `%s` on %s. The same soak with two bundle processes sharing one PostgreSQL ledger (a
                private cluster started with initdb/pg_ctl under the work dir) and one Artemis broker in its own
                process, leadership of result-poll, oru-dispatch and order-retry held by `spotlink.cluster.mode=file`.
                HTTP and MLLP senders spread their attempts over both instances; both read the inbox and the queue.
                The first SIGKILL hits the leader: the time until the other instance leads is measured from the kill
                to its first poll or delivery. A status change recorded twice (two pollers at once) counts as a
                duplicate.

                Intake throughput: %.1f orders/s with two instances, %s with one (the run above).

                ```
                %s```
                """.formatted(result.plan().command(), Instant.now().truncatedTo(ChronoUnit.SECONDS),
                result.reconciliation().sourceOrders() / Math.max(0.001, result.intakeSeconds()),
                single.find() ? single.group(1) + " orders/s" : "not measured", result.summary());
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, before + text, StandardCharsets.UTF_8);
    }
}
