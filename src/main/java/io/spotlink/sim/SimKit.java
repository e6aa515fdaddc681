package io.spotlink.sim;

import java.time.Instant;
import java.util.ArrayList;
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
    final List<Step> plan = new ArrayList<>();
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

    boolean hasAmendment() {
        return amendmentReportId != null;
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
