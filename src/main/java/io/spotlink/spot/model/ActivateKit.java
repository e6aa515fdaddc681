package io.spotlink.spot.model;

import java.time.LocalDate;

/**
 * Body of POST /api/v3/kits/{id}/activate/: either {@code patientId}, or the patient's details; and the research
 * consent. Use {@link #forPatient} or {@link #forPerson}.
 */
public record ActivateKit(String patientId, String firstName, String lastName, LocalDate dateOfBirth, String sex,
                          String street1, String street2, String city, String state, String zip, String email,
                          String phone, Boolean researchConsent) {

    public static ActivateKit forPatient(String patientId, boolean researchConsent) {
        return new ActivateKit(patientId, null, null, null, null, null, null, null, null, null, null, null,
                researchConsent);
    }

    public static ActivateKit forPerson(String firstName, String lastName, LocalDate dateOfBirth, String sex,
                                        Address address, String email, String phone, boolean researchConsent) {
        return new ActivateKit(null, firstName, lastName, dateOfBirth, sex, address.street1(), address.street2(),
                address.city(), address.state(), address.zip(), email, phone, researchConsent);
    }
}
