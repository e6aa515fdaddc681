package io.spotlink.intake;

import io.spotlink.spot.model.Address;
import io.spotlink.spot.model.Recipient;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a canonical order against what Spot requires and what Spotlink needs to follow it, and names every
 * problem at once so the sender can fix them in one go.
 */
public final class OrderValidator {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final Pattern US_ZIP = Pattern.compile("^\\d{5}(-?\\d{4})?$");
    private static final Pattern CA_POSTAL = Pattern.compile("^[A-Za-z]\\d[A-Za-z] ?\\d[A-Za-z]\\d$");
    private static final Pattern STATE = Pattern.compile("^[A-Za-z]{2}$");
    private static final Set<String> COUNTRIES = Set.of("US", "CA");
    private static final Set<String> SEXES = Set.of("M", "F", "O", "U");
    private static final int MAX_ID = 128;

    private final TestCodeMap testCodes;

    public OrderValidator(TestCodeMap testCodes) {
        this.testCodes = testCodes;
    }

    public List<FieldError> validate(CanonicalOrder order) {
        List<FieldError> errors = new ArrayList<>();
        if (order == null) {
            errors.add(new FieldError("order", "is required"));
            return errors;
        }
        requireId(order.sourceOrderId(), "source_order_id", errors);
        if (order.sourceSystem() != null && (order.sourceSystem().isBlank() || order.sourceSystem().length() > 64)) {
            errors.add(new FieldError("source_system", "must be 1-64 characters when given"));
        }
        validateTests(order, errors);
        validateRecipient(order.recipient(), errors);
        validatePatient(order.patient(), errors);
        validateProvider(order.orderingProvider(), errors);
        return errors;
    }

    private void validateTests(CanonicalOrder order, List<FieldError> errors) {
        if (order.testCodes().isEmpty() && order.kitTypes().isEmpty()) {
            errors.add(new FieldError("test_codes", "is required (or kit_types): name at least one test"));
        }
        for (int i = 0; i < order.testCodes().size(); i++) {
            String code = order.testCodes().get(i);
            if (blank(code)) {
                errors.add(new FieldError("test_codes[" + i + "]", "must not be empty"));
            } else if (testCodes.kitTypes(code).isEmpty()) {
                errors.add(new FieldError("test_codes[" + i + "]",
                        "unknown local test code '" + code + "' (add it to config/test-codes.properties)"));
            }
        }
        for (int i = 0; i < order.kitTypes().size(); i++) {
            if (blank(order.kitTypes().get(i))) {
                errors.add(new FieldError("kit_types[" + i + "]", "must not be empty"));
            }
        }
    }

    private static void validateRecipient(Recipient recipient, List<FieldError> errors) {
        if (recipient == null) {
            errors.add(new FieldError("recipient", "is required"));
            return;
        }
        require(recipient.firstName(), "recipient.first_name", errors);
        require(recipient.lastName(), "recipient.last_name", errors);
        if (require(recipient.email(), "recipient.email", errors) && !EMAIL.matcher(recipient.email()).matches()) {
            errors.add(new FieldError("recipient.email", "is not an e-mail address"));
        }
        if (require(recipient.phone(), "recipient.phone", errors)) {
            int digits = recipient.phone().replaceAll("\\D", "").length();
            if (digits < 10 || digits > 15) {
                errors.add(new FieldError("recipient.phone", "must have 10 to 15 digits"));
            }
        }
        validateAddress(recipient.address(), errors);
    }

    private static void validateAddress(Address address, List<FieldError> errors) {
        if (address == null) {
            errors.add(new FieldError("recipient.address", "is required"));
            return;
        }
        require(address.street1(), "recipient.address.street1", errors);
        require(address.city(), "recipient.address.city", errors);
        if (require(address.state(), "recipient.address.state", errors)
                && !STATE.matcher(address.state().trim()).matches()) {
            errors.add(new FieldError("recipient.address.state", "must be a two-letter state or province code"));
        }
        boolean countryOk = require(address.country(), "recipient.address.country", errors);
        if (countryOk && !COUNTRIES.contains(address.country().trim())) {
            errors.add(new FieldError("recipient.address.country", "must be US or CA"));
            countryOk = false;
        }
        if (require(address.zip(), "recipient.address.zip", errors) && countryOk) {
            boolean us = "US".equals(address.country().trim());
            Pattern zip = us ? US_ZIP : CA_POSTAL;
            if (!zip.matcher(address.zip().trim()).matches()) {
                errors.add(new FieldError("recipient.address.zip",
                        us ? "must be a US ZIP code (12345 or 12345-6789)" : "must be a Canadian postal code (A1A 1A1)"));
            }
        }
    }

    private static void validatePatient(CanonicalOrder.Patient patient, List<FieldError> errors) {
        if (patient == null) {
            return;
        }
        if (patient.mrn() != null && (patient.mrn().isBlank() || patient.mrn().length() > 64)) {
            errors.add(new FieldError("patient.mrn", "must be 1-64 characters when given"));
        }
        if (patient.birthDate() != null) {
            try {
                LocalDate date = LocalDate.parse(patient.birthDate());
                if (date.isAfter(LocalDate.now()) || date.getYear() < 1900) {
                    errors.add(new FieldError("patient.birth_date", "must be a past date after 1900"));
                }
            } catch (DateTimeException e) {
                errors.add(new FieldError("patient.birth_date", "must be a date written YYYY-MM-DD"));
            }
        }
        if (patient.sex() != null && !SEXES.contains(patient.sex())) {
            errors.add(new FieldError("patient.sex", "must be one of M, F, O, U"));
        }
    }

    private static void validateProvider(CanonicalOrder.Provider provider, List<FieldError> errors) {
        if (provider != null && blank(provider.id()) && blank(provider.familyName())) {
            errors.add(new FieldError("ordering_provider", "needs an id or a family_name"));
        }
    }

    private static void requireId(String value, String field, List<FieldError> errors) {
        if (require(value, field, errors) && (value.length() > MAX_ID || value.chars().anyMatch(Character::isISOControl))) {
            errors.add(new FieldError(field, "must be at most " + MAX_ID + " printable characters"));
        }
    }

    private static boolean require(String value, String field, List<FieldError> errors) {
        if (blank(value)) {
            errors.add(new FieldError(field, "is required"));
            return false;
        }
        return true;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
