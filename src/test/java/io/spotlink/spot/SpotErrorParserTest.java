package io.spotlink.spot;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SpotErrorParserTest {

    @Test
    void openApiShape() {
        var error = SpotErrorParser.parse(400,
                "{\"error\":{\"status\":400,\"type\":\"bad_request\",\"detail\":\"The first_name field is required\"}}");
        assertThat(error.type()).isEqualTo("bad_request");
        assertThat(error.details()).containsExactly("The first_name field is required");
    }

    @Test
    void errorsPageShapeWithADetailsList() {
        var error = SpotErrorParser.parse(400, "{\"error\":{\"code\":400,\"type\":\"bad_request\","
                + "\"details\":[\"first_name: Field is required\",\"zip: Field is required\"]}}");
        assertThat(error.details()).containsExactly("first_name: Field is required", "zip: Field is required");
    }

    @Test
    void topLevelDetail() {
        var error = SpotErrorParser.parse(404, "{\"detail\":\"Not found.\"}");
        assertThat(error.type()).isNull();
        assertThat(error.details()).containsExactly("Not found.");
    }

    @Test
    void fieldKeyedDetailsAndNonJsonBodies() {
        assertThat(SpotErrorParser.parse(400, "{\"error\":{\"details\":{\"recipient\":[\"bad\"]}}}").details())
                .containsExactly("recipient: bad");
        assertThat(SpotErrorParser.parse(502, "<html>\n<b>Bad gateway</b></html>").details())
                .containsExactly("<html> <b>Bad gateway</b></html>");
        assertThat(SpotErrorParser.parse(500, "").details()).containsExactly("HTTP 500 without details");
    }
}
