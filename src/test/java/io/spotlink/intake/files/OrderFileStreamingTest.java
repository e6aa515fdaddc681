package io.spotlink.intake.files;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rows are read one at a time: a file of 130 MB (JSON) or 240 MB (CSV) goes through the parsers in a JVM with a 48 MB heap, which
 * a parser holding the whole file (a String, a JSON tree, a list of CSV records) could not do.
 */
class OrderFileStreamingTest {

    @ParameterizedTest
    @ValueSource(strings = {"json", "csv"})
    void aFileManyTimesTheHeapIsReadRowByRow(String kind) throws Exception {
        int rows = 300_000;
        Process probe = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx48m", "-cp", System.getProperty("java.class.path"), StreamingProbe.class.getName(), kind,
                Integer.toString(rows)).redirectErrorStream(true).start();
        String output = new String(probe.getInputStream().readAllBytes());
        assertThat(probe.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(probe.exitValue()).as(output).isZero();
        assertThat(output.lines().toList()).as(output).contains("ROWS " + rows);
    }
}
