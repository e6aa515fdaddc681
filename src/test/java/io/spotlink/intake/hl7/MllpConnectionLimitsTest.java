package io.spotlink.intake.hl7;

import io.spotlink.sim.SpotSimulator;
import io.spotlink.support.LogCapture;
import io.spotlink.support.MllpClient;
import io.spotlink.support.RunningBundle;
import io.spotlink.support.Simulators;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The MLLP listener under hostile or broken peers, over real sockets: idle connections and non-MLLP clients lose
 * their slot, the connection limit holds without a thread per connection, an oversize frame is answered AE unbuffered,
 * a frame under 4 bytes is answered AE, and no frame content reaches a log line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MllpConnectionLimitsTest {

    private static final int IDLE_MS = 2000;
    private static final int READ_MS = 500;
    private static final String ORM = String.join("\r",
            "MSH|^~\\&|EPIC|GENHOSP|SPOTLINK|SPOT|20261122120000||ORM^O01^ORM_O01|%s|P|2.5.1",
            "PID|1||MRN-7001^^^GENHOSP^MR||Okafor^Chidi||19850314|M|||77 Elm St^^Austin^TX^78701^USA"
                    + "||^PRN^PH^^1^512^5550147~^NET^Internet^chidi@example.org",
            "ORC|NW|%s", "OBR|1|%s||LIPID") + "\r";
    private static final List<String> PHI = List.of("Okafor", "Chidi", "chidi@", "MRN-7001", "5550147", "77 Elm",
            "19850314", "Ngozi", "Secret Street");

    private SpotSimulator sim;
    private RunningBundle bundle;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        sim = Simulators.start();
        bundle = RunningBundle.start(dir, sim.baseUrl(), Simulators.API_KEY, Map.of(
                "spotlink.results.poll-enabled", "false", "spotlink.intake.jms.enabled", "false",
                "spotlink.intake.file.enabled", "false",
                "spotlink.intake.mllp.max-connections", "50",
                "spotlink.intake.mllp.idle-timeout", Integer.toString(IDLE_MS),
                "spotlink.intake.mllp.read-timeout", Integer.toString(READ_MS),
                "spotlink.intake.mllp.max-frame-bytes", "65536"));
    }

    @AfterAll
    void stop() {
        bundle.close();
        sim.close();
    }

    private int port() {
        return Integer.parseInt(bundle.setting("spotlink.intake.mllp.port"));
    }

    private String ack(String id) throws IOException {
        return new String(MllpClient.send(port(), ORM.formatted(id, id, id).getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8);
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(IDLE_MS + READ_MS + 8000);
        return socket;
    }

    /**
     * True once the server closed or reset the socket (anything left to read, such as an ACK's last CR, is skipped);
     * a SocketTimeoutException when it stays open past the socket's timeout.
     */
    private static boolean closedByServer(Socket socket) throws IOException {
        try {
            InputStream in = socket.getInputStream();
            while (in.read() >= 0) {
                // skip what is left
            }
            return true;
        } catch (SocketException reset) {
            return true;
        }
    }

    @Test
    void sixtyIdleSocketsAreClosedAndARealOrmStillGetsAa() throws Exception {
        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 60; i++) {
                idle.add(connect(port()));
            }
            long start = System.nanoTime();
            await().atMost(Duration.ofMillis(IDLE_MS + READ_MS + 10_000)).pollInterval(Duration.ofMillis(250))
                    .ignoreExceptions().until(() -> ack("IDLE-1").contains("MSA|AA|IDLE-1"));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(IDLE_MS + READ_MS + 10_000));
            for (Socket socket : idle) {
                assertThat(closedByServer(socket)).as("an idle connection is closed by the server").isTrue();
            }
        } finally {
            for (Socket socket : idle) {
                socket.close();
            }
        }
    }

    @Test
    void aClientThatIsNotMllpIsClosedWithinTheIdleTimeout() throws Exception {
        for (byte[] hello : List.of("GET / HTTP/1.1\r\nHost: spotlink\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                new byte[]{0x16, 0x03, 0x01, 0x00, (byte) 0xa5, 0x01, 0x00, 0x00, (byte) 0xa1, 0x03, 0x03})) {
            try (Socket socket = connect(port())) {
                long start = System.nanoTime();
                socket.getOutputStream().write(hello);
                assertThat(closedByServer(socket)).isTrue();
                assertThat(Duration.ofNanos(System.nanoTime() - start)).as("closed within the idle timeout")
                        .isLessThan(Duration.ofMillis(IDLE_MS + 2L * READ_MS + 1500));
            }
        }
    }

    private static byte[] oversizeFrame(String id) {
        byte[] message = (ORM.formatted(id, id, id) + "NTE|1||").getBytes(StandardCharsets.US_ASCII);
        byte[] oversize = Arrays.copyOf(message, message.length + 200_000);
        Arrays.fill(oversize, message.length, oversize.length, (byte) 'A');
        return MllpClient.frame(oversize);
    }

    /** The AE a frame over the limit gets, then the connection closed by the server. */
    private static String refusedThenClosed(Socket socket) throws IOException {
        String reply = MllpClient.readReply(socket.getInputStream()).map(String::new).orElseThrow();
        assertThat(closedByServer(socket)).as("closed after the AE").isTrue();
        return reply;
    }

    @Test
    void aFrameOverTheLimitIsAnsweredAeNamingTheLimitAndClosed() throws Exception {
        int before = sim.orderCount();
        // the first frame of a connection
        try (Socket socket = connect(port())) {
            long start = System.nanoTime();
            socket.getOutputStream().write(oversizeFrame("BIG-1"));
            String reply = refusedThenClosed(socket);
            assertThat(reply).contains("MSA|AE|BIG-1").contains("65536").contains("max-frame-bytes")
                    .doesNotContain("Okafor").doesNotContain("AAAA");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
        // a later frame of an established connection
        try (Socket socket = connect(port())) {
            OutputStream out = socket.getOutputStream();
            out.write(MllpClient.frame(ORM.formatted("BIG-2", "BIG-2", "BIG-2").getBytes(StandardCharsets.UTF_8)));
            assertThat(MllpClient.readReply(socket.getInputStream()).map(String::new).orElseThrow())
                    .contains("MSA|AA|BIG-2");
            out.write(oversizeFrame("BIG-3"));
            assertThat(refusedThenClosed(socket)).contains("MSA|AE|BIG-3").contains("max-frame-bytes");
        }
        // a sender that stops before the end of the oversize frame still gets its AE
        try (Socket socket = connect(port())) {
            byte[] frame = oversizeFrame("BIG-5");
            socket.getOutputStream().write(Arrays.copyOf(frame, frame.length - 1000));
            assertThat(refusedThenClosed(socket)).contains("MSA|AE|BIG-5");
        }
        assertThat(sim.orderCount()).as("only BIG-2 was created").isEqualTo(before + 1);
        assertThat(ack("BIG-4")).as("the listener still serves").contains("MSA|AA|BIG-4");
    }

    @Test
    void framesUnderFourBytesAreAnsweredAeOnTheSameConnection() throws Exception {
        try (Socket socket = connect(port())) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            for (byte[] shortFrame : List.of(new byte[0], "x".getBytes(StandardCharsets.US_ASCII),
                    "MSH".getBytes(StandardCharsets.US_ASCII))) {
                out.write(MllpClient.frame(shortFrame));
                assertThat(MllpClient.readReply(in).map(String::new).orElseThrow()).contains("MSA|AE");
            }
            out.write(MllpClient.frame(ORM.formatted("SHORT-1", "SHORT-1", "SHORT-1")
                    .getBytes(StandardCharsets.UTF_8)));
            assertThat(MllpClient.readReply(in).map(String::new).orElseThrow()).contains("MSA|AA|SHORT-1");
        }
    }

    @Test
    void aFloodOfConnectionsMakesNoThreadPerConnectionAndThoseOverTheLimitAreResetAtOnce() throws Exception {
        int threadsBefore = Thread.activeCount();
        List<Socket> flood = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                flood.add(connect(port()));
            }
            int threadsDuring = Thread.activeCount();
            assertThat(threadsDuring - threadsBefore).as("threads made for 300 connections with max-connections 50")
                    .isLessThan(2 * 50 + 20);
            long start = System.nanoTime();
            int reset = 0;
            for (Socket socket : flood) {
                socket.setSoTimeout(100);
                try {
                    if (closedByServer(socket)) {
                        reset++;
                    }
                } catch (java.net.SocketTimeoutException heldOpen) {
                    // within the limit: kept until idle-timeout
                }
            }
            assertThat(reset).as("connections over the limit reset").isGreaterThanOrEqualTo(250);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        } finally {
            for (Socket socket : flood) {
                socket.close();
            }
        }
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> ack("FLOOD-1").contains("MSA|AA|FLOOD-1"));
    }

    @Test
    void framesThatStallCloseMidFrameOrFollowJunkLeaveNoContentInTheLogs() throws Exception {
        byte[] phi = "MSH|^~\\&|EPIC|GENHOSP|SPOTLINK|SPOT|20261122120000||ORM^O01|LEAK-1|P|2.5.1\rPID|1||MRN-7001||Okafor^Ngozi||19850314|F|||Secret Street 1"
                .getBytes(StandardCharsets.UTF_8);
        try (LogCapture logs = LogCapture.atDebug()) {
            // a frame that stops mid-way: dropped after read-timeout
            try (Socket socket = connect(port())) {
                OutputStream out = socket.getOutputStream();
                out.write(0x0b);
                out.write(phi);
                out.flush();
                assertThat(closedByServer(socket)).isTrue();
            }
            // a frame cut by the peer closing
            try (Socket socket = connect(port())) {
                OutputStream out = socket.getOutputStream();
                out.write(0x0b);
                out.write(phi);
                out.flush();
            }
            // patient data before the start block, then a whole (valid) frame in the same write
            try (Socket socket = connect(port())) {
                OutputStream out = socket.getOutputStream();
                byte[] junk = "Okafor^Ngozi Secret Street 1 ".getBytes(StandardCharsets.US_ASCII);
                out.write(junk);
                out.write(MllpClient.frame(ORM.formatted("JUNK-1", "JUNK-1", "JUNK-1").getBytes(StandardCharsets.UTF_8)));
                out.flush();
                InputStream in = socket.getInputStream();
                assertThat(MllpClient.readReply(in)).isPresent();
            }
            // patient data with no start block at all, then silence
            try (Socket socket = connect(port())) {
                socket.getOutputStream().write(phi);
                assertThat(closedByServer(socket)).isTrue();
            }
            // camel-mllp has reported the frames (in its own words, or filtered under MllpConnection)
            await().atMost(Duration.ofSeconds(10)).until(() -> logs.lines().stream()
                    .filter(l -> l.startsWith("io.spotlink.intake.hl7.MllpConnection")
                            || l.startsWith("org.apache.camel.component.mllp") && (l.contains("payload")
                            || l.contains("START_OF_BLOCK") || l.contains("initial message"))).count() >= 3);

            List<String> lines = logs.lines();
            assertThat(lines.stream().filter(l -> PHI.stream().anyMatch(l::contains)).toList())
                    .as("log lines holding patient data").isEmpty();
            assertThat(lines).as("camel-mllp's warnings are kept, without the content")
                    .anyMatch(l -> l.startsWith("io.spotlink.intake.hl7.MllpConnection") && l.contains("not logged"));
        }
    }
}
