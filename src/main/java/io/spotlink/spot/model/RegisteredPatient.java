package io.spotlink.spot.model;

import java.time.LocalDate;

/** The patient a kit was registered to (kit.registered_to). */
public record RegisteredPatient(String patientId, String firstName, String lastName, LocalDate dateOfBirth, String sex,
                                String email, String phone) {
}
