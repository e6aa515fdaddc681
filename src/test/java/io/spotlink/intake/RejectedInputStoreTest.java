package io.spotlink.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RejectedInputStoreTest {

    @TempDir
    Path root;

    @Test
    void keepsTheBytesAndTheReasonSideBySideNamedAfterTheId() throws Exception {
        RejectedInputStore store = new RejectedInputStore(root);
        byte[] original = {0x4d, 0x53, 0x48, (byte) 0xfc, 0x00};
        String reference = store.save("mllp", "MSG-1", original, "hl7", Map.of("ack_code", "AE",
                "problems", List.of(Map.of("location", "PID^2"))));
        assertThat(reference).matches("\\d{8}-\\d{9}-MSG-1");
        assertThat(Files.readAllBytes(root.resolve("mllp/" + reference + ".hl7"))).isEqualTo(original);
        JsonNode reason = new ObjectMapper().readTree(root.resolve("mllp/" + reference + ".reason.json").toFile());
        assertThat(reason.get("channel").asText()).isEqualTo("mllp");
        assertThat(reason.get("bytes").asInt()).isEqualTo(5);
        assertThat(reason.get("ack_code").asText()).isEqualTo("AE");
        assertThat(reason.at("/problems/0/location").asText()).isEqualTo("PID^2");
        try (var files = Files.list(root.resolve("mllp"))) {
            assertThat(files).hasSize(2);
        }
    }

    @Test
    void idsKeepOnlySafeCharactersAndNamesNeverCollide() throws Exception {
        RejectedInputStore store = new RejectedInputStore(root);
        String hostile = store.save("http", "../../etc/pass wd\u202e", new byte[]{1}, "json", Map.of());
        assertThat(hostile).matches("\\d{8}-\\d{9}-etcpasswd");
        assertThat(root.resolve("http/" + hostile + ".json")).exists();
        String[] again = new String[3];
        for (int i = 0; i < again.length; i++) {
            again[i] = store.save("http", "etcpasswd", new byte[]{(byte) (2 + i)}, "json", Map.of());
        }
        assertThat(again).doesNotHaveDuplicates().doesNotContain(hostile);
        assertThat(Files.readAllBytes(root.resolve("http/" + hostile + ".json"))).containsExactly(1);
        assertThat(store.save("http", "///", new byte[]{4}, "json", Map.of())).matches("\\d{8}-\\d{9}-[0-9a-f]{8}");
        assertThat(RejectedInputStore.safeId("-.x".repeat(40))).hasSize(32).matches("[A-Za-z0-9][A-Za-z0-9._-]*");
    }
}
