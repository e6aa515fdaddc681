package io.spotlink.spot.model;

import java.time.OffsetDateTime;

/** One row of GET /api/v2/kits/. */
public record KitSummary(String kitId, String kitType, String orderId, KitStatus kitStatus, SampleStatus sampleStatus,
                         OffsetDateTime created, OffsetDateTime updated) {
}
