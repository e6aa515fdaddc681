package io.spotlink.intake.requisition;

import io.spotlink.intake.CanonicalOrder;
import io.spotlink.intake.FieldError;
import io.spotlink.intake.SpotOrderMapper;
import io.spotlink.spot.model.Address;
import io.spotlink.spot.model.CreateRequisition;
import io.spotlink.spot.model.Recipient;
import io.spotlink.spot.model.RequisitionPatient;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A validated canonical order with a specimen barcode in, Spot's CreateRequisition out: the recipient is the patient,
 * the hospital's birth date and sex (required here: Spot needs them), the panels of the test codes. The hospital's
 * ids ride in the metadata as for orders. Pure: no I/O.
 */
public final class RequisitionMapper {

    /** Barcodes Spotlink passes on: what a kit label holds, and short enough to be a kit id in the ledger. */
    private static final Pattern BARCODE = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    private final RequisitionSettings settings;

    public RequisitionMapper(RequisitionSettings settings) {
        this.settings = settings;
    }

    /** True when this order goes to Spot as a requisition. */
    public boolean applies(CanonicalOrder order) {
        return settings.enabled() && order != null && order.specimenBarcode() != null
                && !order.specimenBarcode().isEmpty();
    }

    /** What a requisition needs beyond an order's rules, each problem named by field, never by value. */
    public List<FieldError> problems(CanonicalOrder order) {
        List<FieldError> problems = new ArrayList<>();
        if (!BARCODE.matcher(order.specimenBarcode()).matches()) {
            problems.add(new FieldError("specimen_barcode", "must be 1-32 letters, digits, '-' or '_'"));
        }
        CanonicalOrder.Patient patient = order.patient();
        if (patient == null || patient.birthDate() == null) {
            problems.add(new FieldError("patient.birth_date", "is required for a kit collected in the clinic"));
        } else if (birthDate(patient.birthDate()) == null) {
            problems.add(new FieldError("patient.birth_date", "must be a date as YYYY-MM-DD"));
        }
        if (patient == null || patient.sex() == null) {
            problems.add(new FieldError("patient.sex", "is required for a kit collected in the clinic"));
        } else if (!Set.of("M", "F").contains(patient.sex().toUpperCase(Locale.ROOT))) {
            problems.add(new FieldError("patient.sex", "must be M or F for a kit collected in the clinic"));
        }
        if (!order.kitTypes().isEmpty()) {
            problems.add(new FieldError("kit_types", "cannot be used with specimen_barcode: send test_codes"));
        }
        List<String> codes = order.testCodes();
        for (int i = 0; i < codes.size(); i++) {
            if (settings.panels().kitTypes(codes.get(i)).isEmpty()) {
                problems.add(new FieldError("test_codes[" + i + "]", "has no Spot panel in the requisition panel "
                        + "map (spotlink.requisitions.panel-map)"));
            }
        }
        if (codes.isEmpty()) {
            problems.add(new FieldError("test_codes", "is required for a kit collected in the clinic"));
        }
        return problems;
    }

    /** Maps an order whose {@link #problems} are none. */
    public CreateRequisition toCreateRequisition(CanonicalOrder order, String sourceSystem) {
        Recipient r = order.recipient();
        Address a = r.address();
        Address address = new Address(a.street1().trim(), blankToNull(a.street2()), a.city().trim(),
                a.state().trim().toUpperCase(Locale.ROOT), a.country().trim(), a.zip().trim());
        RequisitionPatient patient = new RequisitionPatient(r.firstName().trim(), r.lastName().trim(),
                r.email().trim(), r.phone().replaceAll("\\D", ""), order.patient().sex().toUpperCase(Locale.ROOT),
                birthDate(order.patient().birthDate()), address);
        String state = settings.stateCollected() == null || settings.stateCollected().isBlank()
                ? address.state() : settings.stateCollected().trim().toUpperCase(Locale.ROOT);
        return new CreateRequisition(order.specimenBarcode(), panels(order), settings.accountNumber(),
                settings.lab(), state, patient, null, null, SpotOrderMapper.metadata(order, sourceSystem));
    }

    private List<String> panels(CanonicalOrder order) {
        Set<String> panels = new LinkedHashSet<>();
        order.testCodes().forEach(code -> panels.addAll(settings.panels().kitTypes(code).orElseThrow()));
        return new ArrayList<>(panels);
    }

    private static LocalDate birthDate(String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
