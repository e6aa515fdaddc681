package io.spotlink.spot;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An id put in a Spot URL stays one path segment: encoded, and never one a server reads as a path step. */
class SpotRequestsTest {

    @Test
    void anIdIsEncodedIntoOneSegment() {
        assertThat(SpotRequests.segment("SPOT/1?x#y")).isEqualTo("SPOT%2F1%3Fx%23y");
        assertThat(SpotRequests.segment("../kits")).isEqualTo("..%2Fkits");
        assertThat(new SpotRequests().pathId("O1234567")).isEqualTo("O1234567");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", ".", ".."})
    void aSegmentThatWouldStepThroughThePathIsRefused(String id) {
        assertThatThrownBy(() -> SpotRequests.segment(id)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a Spot id");
        assertThatThrownBy(() -> new SpotRequests().pathId(id)).isInstanceOf(IllegalArgumentException.class);
    }
}
