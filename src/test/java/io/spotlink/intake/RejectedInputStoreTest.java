package io.spotlink.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RejectedInputStoreTest {

    @TempDir
    Path root;
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-01T15:30:00.123Z"), ZoneOffset.UTC);

    @Test
    void keepsTheBytesAndTheReasonSideBySide() throws Exception {
        RejectedInputStore store = new RejectedInputStore(root, clock);
        byte[] original = {0x4d, 0x53, 0x48, (byte) 0xfc, 0x00};
        Path kept = store.save("mllp", "MSG-1", original, "hl7", Map.of("ack_code", "AE",
                "problems", List.of(Map.of("location", "PID^2"))));
        assertThat(kept).isEqualTo(root.resolve("mllp/20261201T153000.123Z-MSG-1.hl7"));
        assertThat(Files.readAllBytes(kept)).isEqualTo(original);
        JsonNode reason = new ObjectMapper().readTree(root.resolve("mllp/20261201T153000.123Z-MSG-1.reason.json")
                .toFile());
        assertThat(reason.get("channel").asText()).isEqualTo("mllp");
        assertThat(reason.get("bytes").asInt()).isEqualTo(5);
        assertThat(reason.get("ack_code").asText()).isEqualTo("AE");
        assertThat(reason.at("/problems/0/location").asText()).isEqualTo("PID^2");
        try (var files = Files.list(root.resolve("mllp"))) {
            assertThat(files).hasSize(2);
        }
    }

    @Test
    void namesAreBuiltFromSafeCharactersOnlyAndNeverCollide() throws Exception {
        RejectedInputStore store = new RejectedInputStore(root, clock);
        Path hostile = store.save("http", "../../etc/pass wd\u202e", new byte[]{1}, "json", Map.of());
        assertThat(hostile.getParent()).isEqualTo(root.resolve("http"));
        assertThat(hostile.getFileName().toString()).isEqualTo("20261201T153000.123Z-etcpasswd.json");
        Path again = store.save("http", "etc/passwd", new byte[]{2}, "json", Map.of());
        assertThat(again).isNotEqualTo(hostile).hasParent(root.resolve("http"));
        assertThat(Files.readAllBytes(hostile)).containsExactly(1);
        Path noId = store.save("http", new byte[]{3}, "json", Map.of());
        assertThat(noId.getFileName().toString()).matches("20261201T153000\\.123Z-[0-9a-f-]{36}\\.json");
        assertThat(store.save("http", "///", new byte[]{4}, "json", Map.of()).getFileName().toString())
                .matches("20261201T153000\\.123Z-[0-9a-f-]{36}\\.json");
    }

    @Test
    void channelAndExtensionMustBePlainNames() {
        RejectedInputStore store = new RejectedInputStore(root, clock);
        assertThatThrownBy(() -> store.save("../x", new byte[0], "hl7", Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.save("mllp", new byte[0], "hl7/../x", Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
