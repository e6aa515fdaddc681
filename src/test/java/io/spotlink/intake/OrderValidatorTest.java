package io.spotlink.intake;

import io.spotlink.spot.model.Address;
import io.spotlink.spot.model.Recipient;
import io.spotlink.support.Orders;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OrderValidatorTest {

    private final TestCodeMap codes = new TestCodeMap(Map.of("LIPID", List.of("health_kit_1"),
            "WELLNESS", List.of("health_kit_1", "vitamin_d_kit")));
    private final OrderValidator validator = new OrderValidator(codes);

    @Test
    void aCompleteOrderHasNoProblems() {
        assertThat(validator.validate(Orders.valid("A-1"))).isEmpty();
    }

    @Test
    void namesEveryProblemAtOnce() {
        CanonicalOrder order = new CanonicalOrder(" ", null, List.of("NOPE", ""), List.of(),
                new Recipient(null, "", "not-an-email", "12", new Address(null, null, "", "California", "MX", "x")),
                new CanonicalOrder.Patient("", "1990-02-30", "X"), new CanonicalOrder.Provider(null, null, "Greg"),
                null);

        List<String> fields = validator.validate(order).stream().map(FieldError::toString).toList();

        assertThat(fields).containsExactlyInAnyOrder(
                "source_order_id: is required",
                "test_codes[0]: unknown local test code 'NOPE' (add it to config/test-codes.properties)",
                "test_codes[1]: must not be empty",
                "recipient.first_name: is required",
                "recipient.last_name: is required",
                "recipient.email: is not an e-mail address",
                "recipient.phone: must have 10 to 15 digits",
                "recipient.address.street1: is required",
                "recipient.address.city: is required",
                "recipient.address.state: must be a two-letter state or province code",
                "recipient.address.country: must be US or CA",
                "patient.mrn: must be 1-64 characters when given",
                "patient.birth_date: must be a date written YYYY-MM-DD",
                "patient.sex: must be one of M, F, O, U",
                "ordering_provider: needs an id or a family_name");
    }

    @Test
    void missingRecipientAndTestsAreNamed() {
        CanonicalOrder order = new CanonicalOrder("A-2", null, null, null, null, null, null, null);
        assertThat(validator.validate(order)).extracting(FieldError::field)
                .containsExactlyInAnyOrder("test_codes", "recipient");
    }

    @Test
    void zipFollowsTheCountry() {
        CanonicalOrder canadian = withAddress(new Address("1 Rue", null, "Montreal", "QC", "CA", "H2X 1Y4"));
        CanonicalOrder wrongZip = withAddress(new Address("1 Main", null, "Austin", "TX", "US", "H2X 1Y4"));
        assertThat(validator.validate(canadian)).isEmpty();
        assertThat(validator.validate(wrongZip)).extracting(FieldError::field).containsExactly("recipient.address.zip");
    }

    @Test
    void futureBirthDateIsRefused() {
        CanonicalOrder o = Orders.valid("A-3");
        CanonicalOrder future = new CanonicalOrder(o.sourceOrderId(), o.sourceSystem(), o.testCodes(), o.kitTypes(),
                o.recipient(), new CanonicalOrder.Patient("M1", "2999-01-01", "F"), null, null);
        assertThat(validator.validate(future)).extracting(FieldError::toString)
                .containsExactly("patient.birth_date: must be a past date after 1900");
    }

    @Test
    void textFieldsRefuseControlBidiAndInvisibleCharactersAndOverlongValues() {
        CanonicalOrder order = withRecipient(new Recipient("Ann\u0000e", "\u200B\u200C\uFEFF",
                "x".repeat(5000) + "@example.org", "(415) 555-0187",
                new Address("1 Main\u001B[2J", null, "Evil\u202Ecom", "TX", "US", "78701")), "N".repeat(101));

        assertThat(validator.validate(order)).extracting(FieldError::toString).containsExactlyInAnyOrder(
                "recipient.first_name: must not contain control characters (position 4)",
                "recipient.last_name: must not be blank or only invisible characters",
                "recipient.email: must be at most 254 characters (has 5012)",
                "recipient.address.street1: must not contain control characters (position 7)",
                "recipient.address.city: must not contain bidirectional override characters (position 5)",
                "ordering_provider.family_name: must be at most 100 characters (has 101)");
    }

    @Test
    void unknownKitTypesAndTooManyTestsAreRefused() {
        CanonicalOrder o = Orders.valid("A-5");
        CanonicalOrder unknownKit = new CanonicalOrder("A-5", null, List.of(), List.of("health_kit_1", "drop_table"),
                o.recipient(), null, null, null);
        CanonicalOrder tooMany = new CanonicalOrder("A-6", null, java.util.Collections.nCopies(21, "LIPID"),
                List.of(), o.recipient(), null, null, null);

        assertThat(validator.validate(unknownKit)).extracting(FieldError::field).containsExactly("kit_types[1]");
        assertThat(validator.validate(tooMany)).extracting(FieldError::toString)
                .containsExactly("test_codes: names 21 tests and kit types; at most 20 per order");
        assertThat(new OrderValidator(codes, new IntakeLimits(100, 254, 32, 200, 100, 128, 20, 20, 500,
                java.util.Set.of("drop_table"))).validate(unknownKit)).isEmpty();
    }

    @Test
    void metadataIsBoundedAndHoldsOnlyScalars() {
        CanonicalOrder o = Orders.valid("A-7");
        Map<String, Object> nested = Map.of("ward", Map.of("x", 1), "note", "y".repeat(501));
        CanonicalOrder order = new CanonicalOrder("A-7", null, o.testCodes(), null, o.recipient(), null, null, nested);

        assertThat(validator.validate(order)).extracting(FieldError::field)
                .containsExactlyInAnyOrder("metadata.ward", "metadata.note");
    }

    @Test
    void identifiersAreComparedWithoutSurroundingWhiteSpace() {
        CanonicalOrder order = new CanonicalOrder(" H-ID3 \t", " EPIC ", List.of(" LIPID "), null, null,
                new CanonicalOrder.Patient(" MRN-1 ", null, null), null, null);

        assertThat(order.sourceOrderId()).isEqualTo("H-ID3");
        assertThat(order.sourceSystem()).isEqualTo("EPIC");
        assertThat(order.testCodes()).containsExactly("LIPID");
        assertThat(order.patient().mrn()).isEqualTo("MRN-1");
    }

    private static CanonicalOrder withRecipient(Recipient recipient, String providerFamily) {
        CanonicalOrder o = Orders.valid("A-8");
        return new CanonicalOrder(o.sourceOrderId(), null, o.testCodes(), null, recipient, null,
                new CanonicalOrder.Provider("1", providerFamily, null), null);
    }

    private static CanonicalOrder withAddress(Address address) {
        CanonicalOrder o = Orders.valid("A-4");
        Recipient r = o.recipient();
        return new CanonicalOrder(o.sourceOrderId(), null, o.testCodes(), null,
                new Recipient(r.firstName(), r.lastName(), r.email(), r.phone(), address), null, null, null);
    }
}
