package io.spotlink.spot.model;

/** Body of POST /api/v2/tokens/patient_registration/: the patient, and optionally the kit type to register. */
public record RegistrationTokenRequest(String patientId, String kitType) {
}
