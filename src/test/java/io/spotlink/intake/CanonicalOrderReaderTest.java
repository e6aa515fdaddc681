package io.spotlink.intake;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The strict reading of hospital JSON: every refusal names the problem and never echoes the input. */
class CanonicalOrderReaderTest {

    private static final String ORDER = "{\"source_order_id\":\"A-1\",\"test_codes\":[\"LIPID\"],"
            + "\"recipient\":{\"first_name\":\"Zerelda\",\"last_name\":\"Quigglesworth\"}}";

    @Test
    void aSecondValueAfterTheFirstIsRefusedNotIgnored() {
        assertRefused(ORDER + "\n" + ORDER.replace("A-1", "A-2"), "more data after the JSON value");
    }

    @Test
    void duplicateKeysAreRefused() {
        assertRefused("{\"source_order_id\":\"A-1\",\"source_order_id\":\"A-2\"}", "duplicate key 'source_order_id'");
    }

    @Test
    void deepNestingLongNumbersAndLongKeysAreRefusedBeforeWork() {
        assertRefused("[".repeat(10_000) + "]".repeat(10_000), "deeper than 32 levels");
        assertRefused("{\"metadata\":{\"n\":" + "9".repeat(2000) + "}}", "number longer than 32 digits");
        assertRefused("{\"" + "k".repeat(60_000) + "\":1}", "key longer than 256 characters");
    }

    @Test
    void numbersAndBooleansAreNotCoercedToText() {
        assertRefused(ORDER.replace("\"Zerelda\"", "42"), "recipient.first_name");
        assertRefused(ORDER.replace("\"Zerelda\"", "true"), "recipient.first_name");
        assertRefused(ORDER.replace("\"A-1\"", "12345"), "source_order_id");
    }

    @Test
    void anEmptyOrNonObjectBodyIsNamed() {
        assertRefused("", "body is empty");
        assertRefused("   ", "body is empty");
        assertRefused("[1,2]", "must be a JSON object");
        assertRefused("\"text\"", "must be a JSON object");
    }

    @Test
    void errorsNeverRepeatThePatientsData() {
        assertThatThrownBy(() -> CanonicalOrderReader.readOne(ORDER.replace("}}", "}")))
                .isInstanceOf(InvalidOrderException.class)
                .satisfies(e -> assertThat(((InvalidOrderException) e).errors().toString())
                        .doesNotContain("Zerelda").doesNotContain("Quigglesworth"));
    }

    @Test
    void aValidOrderIsRead() {
        assertThat(CanonicalOrderReader.readOne(ORDER).recipient().firstName()).isEqualTo("Zerelda");
    }

    private static void assertRefused(String json, String expected) {
        assertThatThrownBy(() -> CanonicalOrderReader.readOne(json))
                .isInstanceOf(InvalidOrderException.class)
                .satisfies(e -> assertThat(((InvalidOrderException) e).errors().toString()).contains(expected));
    }
}
