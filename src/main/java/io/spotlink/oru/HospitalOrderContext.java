package io.spotlink.oru;

import io.spotlink.intake.CanonicalOrder;

import java.util.Objects;

/**
 * What the hospital told us when it placed the order, needed to address the result back to it.
 * Only the placer order number is required: the EHR matches results on it.
 *
 * @param placerOrderNumber     the hospital's order number (ORC-2 / OBR-2 EI-1)
 * @param sourceSystem          the placing system, used as the placer number's namespace (EI-2); nullable
 * @param mrn                   the hospital's medical record number (PID-3, id type MR); nullable
 * @param patientBirthDate      birth date as the hospital sent it (YYYY-MM-DD or YYYYMMDD), a PID-7 fallback; nullable
 * @param patientSex            sex as the hospital sent it, a PID-8 fallback; nullable
 * @param providerId            ordering provider id (NPI or local); nullable
 * @param providerFamilyName    ordering provider family name; nullable
 * @param providerGivenName     ordering provider given name; nullable
 */
public record HospitalOrderContext(String placerOrderNumber, String sourceSystem, String mrn, String patientBirthDate,
                                   String patientSex, String providerId, String providerFamilyName,
                                   String providerGivenName) {

    public HospitalOrderContext {
        Objects.requireNonNull(placerOrderNumber, "placerOrderNumber");
    }

    /** The context carried by an order that came in through intake. */
    public static HospitalOrderContext of(CanonicalOrder order) {
        CanonicalOrder.Patient patient = order.patient();
        CanonicalOrder.Provider provider = order.orderingProvider();
        Object namespace = order.metadata() == null ? null : order.metadata().get(CanonicalOrder.PLACER_NAMESPACE);
        return new HospitalOrderContext(order.sourceOrderId(),
                namespace instanceof String ns && !ns.isBlank() ? ns : order.sourceSystem(),
                patient == null ? null : patient.mrn(),
                patient == null ? null : patient.birthDate(),
                patient == null ? null : patient.sex(),
                provider == null ? null : provider.id(),
                provider == null ? null : provider.familyName(),
                provider == null ? null : provider.givenName());
    }

    boolean hasProvider() {
        return Text.present(providerId) || Text.present(providerFamilyName) || Text.present(providerGivenName);
    }
}
