package io.spotlink.intake;

import io.spotlink.spot.model.Address;
import io.spotlink.spot.model.Recipient;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a canonical order against what Spot requires and what Spotlink needs to follow it, and names every
 * problem at once so the sender can fix them in one go. Every text field is checked by {@link TextRules} and
 * against its length limit before anything else looks at it; messages never repeat a patient's data.
 */
public final class OrderValidator {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final Pattern US_ZIP = Pattern.compile("^\\d{5}(-?\\d{4})?$");
    private static final Pattern CA_POSTAL = Pattern.compile("^[A-Za-z]\\d[A-Za-z] ?\\d[A-Za-z]\\d$");
    private static final Pattern STATE = Pattern.compile("^[A-Za-z]{2}$");
    private static final Pattern CODE = Pattern.compile("^[A-Za-z0-9._:/-]{1,64}$");
    private static final Set<String> COUNTRIES = Set.of("US", "CA");
    private static final Set<String> SEXES = Set.of("M", "F", "O", "U");
    private static final int MAX_SOURCE_SYSTEM = 64;
    private static final int MAX_MRN = 64;

    private final TestCodeMap testCodes;
    private final IntakeLimits limits;
    private final Set<String> knownKitTypes;

    public OrderValidator(TestCodeMap testCodes) {
        this(testCodes, IntakeLimits.defaults());
    }

    public OrderValidator(TestCodeMap testCodes, IntakeLimits limits) {
        this.testCodes = testCodes;
        this.limits = limits;
        Set<String> kits = new HashSet<>(testCodes.allKitTypes());
        kits.addAll(limits.extraKitTypes());
        this.knownKitTypes = Set.copyOf(kits);
    }

    public List<FieldError> validate(CanonicalOrder order) {
        Problems errors = new Problems();
        if (order == null) {
            errors.add("order", "is required");
            return errors.list;
        }
        errors.requiredText(order.sourceOrderId(), "source_order_id", limits.identifier());
        errors.optionalText(order.sourceSystem(), "source_system", MAX_SOURCE_SYSTEM);
        validateTests(order, errors);
        validateRecipient(order.recipient(), errors);
        validatePatient(order.patient(), errors);
        validateProvider(order.orderingProvider(), errors);
        validateMetadata(order.metadata(), errors);
        return errors.list;
    }

    private void validateTests(CanonicalOrder order, Problems errors) {
        if (order.testCodes().isEmpty() && order.kitTypes().isEmpty()) {
            errors.add("test_codes", "is required (or kit_types): name at least one test");
        }
        int count = order.testCodes().size() + order.kitTypes().size();
        if (count > limits.tests()) {
            errors.add("test_codes", "names " + count + " tests and kit types; at most " + limits.tests()
                    + " per order");
            return; // one error, not one per item, for a list that is too long anyway
        }
        for (int i = 0; i < order.testCodes().size(); i++) {
            String field = "test_codes[" + i + "]";
            String code = order.testCodes().get(i);
            if (errors.requiredCode(code, field) && testCodes.kitTypes(code).isEmpty()) {
                errors.add(field, "unknown local test code '" + code + "' (add it to config/test-codes.properties)");
            }
        }
        for (int i = 0; i < order.kitTypes().size(); i++) {
            String field = "kit_types[" + i + "]";
            String kit = order.kitTypes().get(i);
            if (errors.requiredCode(kit, field) && !knownKitTypes.isEmpty() && !knownKitTypes.contains(kit)) {
                errors.add(field, "unknown Spot kit type '" + kit + "' (known: " + knownKitTypes.stream().sorted()
                        .toList() + "; more in spotlink.intake.kit-types)");
            }
        }
    }

    private void validateRecipient(Recipient recipient, Problems errors) {
        if (recipient == null) {
            errors.add("recipient", "is required");
            return;
        }
        errors.requiredText(recipient.firstName(), "recipient.first_name", limits.name());
        errors.requiredText(recipient.lastName(), "recipient.last_name", limits.name());
        if (errors.requiredText(recipient.email(), "recipient.email", limits.email())
                && !EMAIL.matcher(recipient.email()).matches()) {
            errors.add("recipient.email", "is not an e-mail address");
        }
        if (errors.requiredText(recipient.phone(), "recipient.phone", limits.phone())) {
            int digits = recipient.phone().replaceAll("\\D", "").length();
            if (digits < 10 || digits > 15) {
                errors.add("recipient.phone", "must have 10 to 15 digits");
            }
        }
        validateAddress(recipient.address(), errors);
    }

    private void validateAddress(Address address, Problems errors) {
        if (address == null) {
            errors.add("recipient.address", "is required");
            return;
        }
        errors.requiredText(address.street1(), "recipient.address.street1", limits.street());
        errors.optionalText(address.street2(), "recipient.address.street2", limits.street());
        errors.requiredText(address.city(), "recipient.address.city", limits.city());
        if (errors.requiredText(address.state(), "recipient.address.state", limits.city())
                && !STATE.matcher(address.state().strip()).matches()) {
            errors.add("recipient.address.state", "must be a two-letter state or province code");
        }
        boolean countryOk = errors.requiredText(address.country(), "recipient.address.country", limits.city());
        if (countryOk && !COUNTRIES.contains(address.country().strip())) {
            errors.add("recipient.address.country", "must be US or CA");
            countryOk = false;
        }
        if (errors.requiredText(address.zip(), "recipient.address.zip", limits.city()) && countryOk) {
            boolean us = "US".equals(address.country().strip());
            Pattern zip = us ? US_ZIP : CA_POSTAL;
            if (!zip.matcher(address.zip().strip()).matches()) {
                errors.add("recipient.address.zip",
                        us ? "must be a US ZIP code (12345 or 12345-6789)" : "must be a Canadian postal code (A1A 1A1)");
            }
        }
    }

    private static void validatePatient(CanonicalOrder.Patient patient, Problems errors) {
        if (patient == null) {
            return;
        }
        if (patient.mrn() != null && patient.mrn().isBlank()) {
            errors.add("patient.mrn", "must be 1-" + MAX_MRN + " characters when given");
        } else {
            errors.optionalText(patient.mrn(), "patient.mrn", MAX_MRN);
        }
        if (errors.optionalText(patient.birthDate(), "patient.birth_date", 10) && patient.birthDate() != null) {
            try {
                LocalDate date = LocalDate.parse(patient.birthDate());
                if (date.isAfter(LocalDate.now()) || date.getYear() < 1900) {
                    errors.add("patient.birth_date", "must be a past date after 1900");
                }
            } catch (DateTimeException e) {
                errors.add("patient.birth_date", "must be a date written YYYY-MM-DD");
            }
        }
        if (patient.sex() != null && !SEXES.contains(patient.sex())) {
            errors.add("patient.sex", "must be one of M, F, O, U");
        }
    }

    private void validateProvider(CanonicalOrder.Provider provider, Problems errors) {
        if (provider == null) {
            return;
        }
        boolean id = errors.optionalText(provider.id(), "ordering_provider.id", limits.identifier());
        boolean family = errors.optionalText(provider.familyName(), "ordering_provider.family_name", limits.name());
        errors.optionalText(provider.givenName(), "ordering_provider.given_name", limits.name());
        if (id && family && blank(provider.id()) && blank(provider.familyName())) {
            errors.add("ordering_provider", "needs an id or a family_name");
        }
    }

    private void validateMetadata(Map<String, Object> metadata, Problems errors) {
        if (metadata == null) {
            return;
        }
        if (metadata.size() > limits.metadataKeys()) {
            errors.add("metadata", "has " + metadata.size() + " entries; at most " + limits.metadataKeys());
            return;
        }
        metadata.forEach((key, value) -> {
            String problem = TextRules.problem(key, Math.min(64, limits.metadataText()));
            if (problem != null) {
                errors.add("metadata", "has a key that " + problem);
                return;
            }
            String field = "metadata." + key;
            if (value instanceof String text) {
                errors.optionalText(text, field, limits.metadataText());
            } else if (value != null && !(value instanceof Number) && !(value instanceof Boolean)) {
                errors.add(field, "must be text, a number or true/false");
            }
        });
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    /** The problems found so far, with the checks that add to them. */
    private static final class Problems {
        private final List<FieldError> list = new ArrayList<>();

        void add(String field, String message) {
            list.add(new FieldError(field, message));
        }

        /** True when present and acceptable text. */
        boolean requiredText(String value, String field, int max) {
            if (value == null || value.isEmpty()) {
                add(field, "is required");
                return false;
            }
            return text(value, field, max);
        }

        /** True when absent, or present and acceptable text. */
        boolean optionalText(String value, String field, int max) {
            return value == null || (value.isBlank() && value.length() <= max) || text(value, field, max);
        }

        boolean requiredCode(String value, String field) {
            if (value == null || value.isBlank()) {
                add(field, "must not be empty");
                return false;
            }
            if (!CODE.matcher(value).matches()) {
                add(field, "must be 1-64 letters, digits or . _ : / -");
                return false;
            }
            return true;
        }

        private boolean text(String value, String field, int max) {
            String problem = TextRules.problem(value, max);
            if (problem == null) {
                return true;
            }
            add(field, problem.startsWith("must not be blank") && value.isBlank() ? "is required" : problem);
            return false;
        }
    }
}
