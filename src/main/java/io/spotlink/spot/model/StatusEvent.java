package io.spotlink.spot.model;

import java.time.OffsetDateTime;

/** A status change of a kit or a sample. */
public record StatusEvent<S>(S status, OffsetDateTime created) {
}
