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

    private static CanonicalOrder withAddress(Address address) {
        CanonicalOrder o = Orders.valid("A-4");
        Recipient r = o.recipient();
        return new CanonicalOrder(o.sourceOrderId(), null, o.testCodes(), null,
                new Recipient(r.firstName(), r.lastName(), r.email(), r.phone(), address), null, null, null);
    }
}
