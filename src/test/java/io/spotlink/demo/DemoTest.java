package io.spotlink.demo;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo (`./spotlink demo`) as the README promises it: exit 0, results to the EHR, one sample not collected and one
 * hospital cancel reaching the EHR as OBR-25 X (issue 14 point 5).
 */
class DemoTest {

    @Test
    void showsResultsARejectedSampleAndAHospitalCancelReachingTheEhr() throws Exception {
        String out = runDemo();
        List<String[]> orus = Arrays.stream(out.split("\n")).map(String::strip).filter(l -> l.startsWith("SL"))
                .map(l -> l.split("\\s+")).toList();

        Matcher sample = Pattern.compile("sample of kit (\\S+) \\(order (\\S+)\\) collection_exception").matcher(out);
        assertThat(sample.find()).as("the demo marks one sample not collected:%n%s", out).isTrue();
        String kit = sample.group(1);
        String order = sample.group(2);
        assertThat(orus).as("the failed kit's X reached the EHR").anyMatch(t -> t.length == 7 && t[1].equals(order)
                && t[2].equals(kit) && t[3].equals("X") && t[4].equals("mllp") && t[6].equals("AA"));
        assertThat(orus).as("the replacement kit's results reached the EHR").anyMatch(t -> t.length == 7
                && t[1].equals(order) && !t[2].equals(kit) && t[3].equals("F") && t[4].equals("mllp"));

        Matcher cancel = Pattern.compile("DELETE answers HTTP 202 .*\"spot_order_id\":\"(\\w+)\"").matcher(out);
        assertThat(cancel.find()).as("the hospital's cancel is a request to Spot:%n%s", out).isTrue();
        String canceled = cancel.group(1);
        assertThat(orus).as("the canceled order's X reached the EHR, once").filteredOn(t -> t[1].equals(canceled)
                && t[t.length - 3].equals("mllp")).hasSize(1).allMatch(t -> t[t.length - 4].equals("X")
                && t[t.length - 1].equals("AA"));
    }

    private static String runDemo() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        try (PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            exit = Demo.run(new String[0]);
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(exit).as("the demo's exit code:%n%s", out).isZero();
        return out;
    }
}
