package io.spotlink.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A mistyped option or path is refused at once, with the usage, instead of starting the full run. */
class BenchOptionsTest {

    @Test
    void knownOptionsAreRead() {
        assertThat(Bench.parse(new String[] {"--quick", "--paths", "backlog,ledger", "--out", "-"}))
                .containsEntry("quick", "true").containsEntry("paths", "backlog,ledger").containsEntry("out", "-");
    }

    @Test
    void anUnknownOptionIsRefusedWithTheUsage() {
        assertThatThrownBy(() -> Bench.parse(new String[] {"--paths", "ledger", "--histroy", "10"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown option --histroy").hasMessageContaining("usage: ./spotlink bench");
    }

    @Test
    void anUnknownPathIsRefusedBeforeAnythingRuns(@TempDir Path work) throws Exception {
        Bench bench = new Bench(Map.of("paths", "ledger,backlgo", "out", "-", "work", work.toString()));
        assertThatThrownBy(() -> bench.run("test"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[backlgo]");
    }
}
