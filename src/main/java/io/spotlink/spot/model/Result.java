package io.spotlink.spot.model;

import java.time.OffsetDateTime;

/**
 * One analysed biomarker. {@code result} is kept as text: Spot sends a number ({@code 123}), a comparator
 * ({@code "<10"}), {@code positive}/{@code negative}, or alleles ({@code TT}). The range limits are kept as Spot's
 * text too: the seed types {@code range_minimum} as a string and {@code range_maximum} as a number, and a real
 * Spot may send either; the ORU builder decides what they mean (ReferenceRange).
 */
public record Result(ResultType resultType, String name, OffsetDateTime timeCollected, String result,
                     String unitOfMeasure, String rangeMinimum, String rangeMaximum, String comments) {
}
