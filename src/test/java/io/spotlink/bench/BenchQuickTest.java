package io.spotlink.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The smoke path of {@code ./spotlink bench --quick} on tiny sizes: every path yields a figure beside its limit,
 * the counts agree (the harness itself fails when the simulator created another number of orders than the 201s,
 * or the ledger delivered another number of ORUs than the EHR received), and the section it writes replaces
 * itself in the document instead of piling up. No timing is asserted.
 */
class BenchQuickTest {

    @Test
    void quickRunProducesEveryFigureAndRewritesItsOwnSection(@TempDir Path work) throws Exception {
        Path doc = work.resolve("benchmarks.md");
        Files.writeString(doc, "# Benchmarks\n\n## Result polling\n\nkept as it is\n");
        Map<String, String> options = Map.of("quick", "true", "paths", "http,oru,mllp,ledger,jms", "connections", "2",
                "seconds", "0.3", "oru", "20", "jms", "10", "out", doc.toString(), "work", work.resolve("run").toString());

        Bench.Result run = new Bench(options).run("test run 2");

        List<String> paths = run.figures().stream().map(Figure::path).toList();
        assertThat(paths).containsExactly("start-up to the first HTTP answer", "idle bundle CPU",
                "HTTP intake, 2 connections",
                "JMS intake", "RSS under load (bundle JVM)", "ORU build + encode",
                "MLLP delivery (ACK and ledger included)", "delivery ledger work per ORU, over 20,000 delivered");
        for (Figure f : run.figures()) {
            assertThat(f.figure()).as(f.path()).matches(".*\\d.*");
        }
        assertThat(figure(run, "HTTP intake, 2 connections").figure()).matches("[\\d,]+/s \\([\\d,]+ x 201 in .*");
        assertThat(figure(run, "HTTP intake, 2 connections").limit()).startsWith("direct to the simulator: ");
        assertThat(figure(run, "MLLP delivery (ACK and ledger included)").figure()).contains("20 delivered");
        assertThat(figure(run, "delivery ledger work per ORU, over 20,000 delivered").figure())
                .matches("\\d+ µs CPU \\(\\d+ µs elapsed\\) per ORU, the median of 3 drains of 400 ORUs .*");
        assertThat(figure(run, "delivery ledger work per ORU, over 20,000 delivered").limit())
                .matches("the same over an empty ledger: \\d+ µs CPU .*");
        assertThat(figure(run, "idle bundle CPU").figure()).matches("[\\d.]+% of one core \\(.*");

        assertThat(Files.readString(doc)).startsWith("# Benchmarks\n\n" + Bench.BEGIN).contains("test run 2")
                .endsWith("## Result polling\n\nkept as it is\n");

        Bench.write(doc, run.markdown().replace("test run 2", "test run 3")); // a later run replaces it
        String text = Files.readString(doc);
        assertThat(text).contains("test run 3").doesNotContain("test run 2")
                .endsWith("## Result polling\n\nkept as it is\n");
        assertThat(text.split(Bench.BEGIN, -1)).hasSize(2);
    }

    private static Figure figure(Bench.Result run, String path) {
        return run.figures().stream().filter(f -> f.path().equals(path)).findFirst().orElseThrow();
    }
}
