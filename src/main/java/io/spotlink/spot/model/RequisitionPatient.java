package io.spotlink.spot.model;

import java.time.LocalDate;

/** The patient of a requisition (Spot's requisition.patient): who gave the sample collected in the clinic. */
public record RequisitionPatient(String firstName, String lastName, String email, String phone, String sex,
                                 LocalDate dateOfBirth, Address address) {
}
