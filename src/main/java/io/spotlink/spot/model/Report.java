package io.spotlink.spot.model;

import java.time.OffsetDateTime;
import java.util.List;

/** A lab report of a sample; an amendment supersedes the sample's earlier report. */
public record Report(String reportId, List<Result> results, String pdf, String txt, OffsetDateTime dateCollected,
                     OffsetDateTime dateReceived, OffsetDateTime dateResulted, boolean isAmendment) {

    public List<Result> results() {
        return Lists.present(results);
    }
}
