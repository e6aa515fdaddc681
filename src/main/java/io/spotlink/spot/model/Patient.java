package io.spotlink.spot.model;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/** A patient created at Spot; {@code patientId} is what registration tokens and kit activation name. */
public record Patient(String patientId, String firstName, String lastName, String email, String sex,
                      LocalDate dateOfBirth, String phone, OffsetDateTime created) {
}
