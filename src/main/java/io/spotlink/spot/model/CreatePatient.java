package io.spotlink.spot.model;

import java.time.LocalDate;

/** Body of POST /api/v2/patients/: sex is M or F; phone is optional. */
public record CreatePatient(String firstName, String lastName, String email, String sex, LocalDate dateOfBirth,
                            String phone) {
}
