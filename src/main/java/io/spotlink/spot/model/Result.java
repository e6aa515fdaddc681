package io.spotlink.spot.model;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/**
 * One analysed biomarker. {@code result} is kept as text: Spot sends a number ({@code 123}), a comparator
 * ({@code "<10"}), {@code positive}/{@code negative}, or alleles ({@code TT}).
 */
public record Result(ResultType resultType, String name, OffsetDateTime timeCollected, String result,
                     String unitOfMeasure, BigDecimal rangeMinimum, BigDecimal rangeMaximum, String comments) {
}
