package io.spotlink.sim;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One simulated kit: its ids, drawn results and planned timeline. Its state at any instant follows from the plan,
 * so the clock alone drives the lifecycle.
 */
final class SimKit {

    /** A status the kit or its sample reaches at a time. */
    record Step(String subject, String status, Instant at) {
    }

    final String kitId;
    final String kitType;
    final String sampleId;
    final ResultCatalogue.KitProfile profile;
    final List<ResultCatalogue.SimResult> results;
    /** Copy-on-write: an admin call may cut the plan short while a request renders the kit. */
    final List<Step> plan = new java.util.concurrent.CopyOnWriteArrayList<>();
    final String reportId;
    final String amendmentReportId;
    final String patientId;
    final String birthDate;
    final String sex;
    final String trackingNumber;
    final String returnTrackingNumber;
    final Instant created;
    volatile Map<String, Object> metadata = new LinkedHashMap<>();

    SimKit(String kitId, String kitType, String sampleId, ResultCatalogue.KitProfile profile,
           List<ResultCatalogue.SimResult> results, String reportId, String amendmentReportId, String patientId,
           String birthDate, String sex, String trackingNumber, String returnTrackingNumber, Instant created) {
        this.kitId = kitId;
        this.kitType = kitType;
        this.sampleId = sampleId;
        this.profile = profile;
        this.results = results;
        this.reportId = reportId;
        this.amendmentReportId = amendmentReportId;
        this.patientId = patientId;
        this.birthDate = birthDate;
        this.sex = sex;
        this.trackingNumber = trackingNumber;
        this.returnTrackingNumber = returnTrackingNumber;
        this.created = created;
    }

    List<Step> stepsUntil(Instant now, String subject) {
        return plan.stream().filter(s -> s.subject().equals(subject) && !s.at().isAfter(now)).toList();
    }

    /** The last status of KIT or SAMPLE reached by {@code now}, or null before the first. */
    String statusAt(Instant now, String subject) {
        List<Step> steps = stepsUntil(now, subject);
        return steps.isEmpty() ? null : steps.get(steps.size() - 1).status();
    }

    Instant timeOf(String subject, String status) {
        return plan.stream().filter(s -> s.subject().equals(subject) && s.status().equals(status)).map(Step::at)
                .findFirst().orElse(null);
    }

    /** Whether the kit or sample reached {@code status} by {@code now}; false for a step its plan does not have. */
    boolean reached(String subject, String status, Instant now) {
        Instant at = timeOf(subject, status);
        return at != null && !now.isBefore(at);
    }

    /**
     * Ends the kit's lifecycle at {@code at} in {@code status} (an exception or a cancel): every step planned after
     * {@code at} is dropped, so the kit or sample stays in that state and never results.
     */
    synchronized void interrupt(String subject, String status, Instant at) {
        plan.removeIf(s -> s.at().isAfter(at));
        plan.add(new Step(subject, status, at));
    }

    boolean hasAmendment() {
        return amendmentReportId != null && amendedAt() != null;
    }

    Instant amendedAt() {
        return timeOf("REPORT", "amended");
    }

    /** When nothing more will happen to this kit. */
    Instant finishedAt() {
        return plan.get(plan.size() - 1).at();
    }

    /** When the kit's lifecycle ends, leaving out a later amendment of its report. */
    Instant resultedAt() {
        return plan.stream().filter(s -> !s.subject().equals("REPORT")).map(Step::at).max(Instant::compareTo)
                .orElse(created);
    }

    Instant lastChangeUntil(Instant now) {
        return plan.stream().map(Step::at).filter(t -> !t.isAfter(now)).max(Instant::compareTo).orElse(created);
    }
}
