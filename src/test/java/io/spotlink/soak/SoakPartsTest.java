package io.spotlink.soak;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;

import static org.assertj.core.api.Assertions.assertThat;

/** The soak's readers of what the destinations and the bundles left behind. */
class SoakPartsTest {

    @TempDir
    Path dir;

    @Test
    void readsKitVersionDeliveryAndPatientOfAnOru() throws Exception {
        String golden = Files.readString(Path.of("src/test/resources/oru/amendment.hl7"), StandardCharsets.UTF_8)
                .replace("\r\n", "\r").replace("\n", "\r");
        ReceivedOru oru = ReceivedOru.parse(golden.replaceFirst("\\|SPOTLINK-0003-C1\\|", "|SL42-3|")).orElseThrow();
        assertThat(oru.controlId()).isEqualTo("SL42-3");
        assertThat(oru.deliveryId()).isEqualTo(42);
        assertThat(oru.kitId()).isEqualTo("SPOT300003");
        assertThat(oru.status()).isEqualTo("C");
        assertThat(oru.mrn()).isEqualTo("MRN-0042");
        assertThat(ReceivedOru.parse("MSH|^~\\&|X\rPID|1").isEmpty()).isTrue();
    }

    @Test
    void readsTheCodeAndControlIdOfAnAck() {
        String[] ack = ReceivedOru.ackOf("MSH|^~\\&|EHR\rMSA|AA|SL7-1").orElseThrow();
        assertThat(ack).containsExactly("AA", "SL7-1");
        assertThat(MllpOrderSender.ackCode("MSH|^~\\&|X\rMSA|AR|C1\r")).isEqualTo("AR");
        assertThat(MllpOrderSender.ackCode(null)).isEqualTo("none");
    }

    @Test
    void findsTheLastLeaderWorkInABundleLog() throws Exception {
        Path log = dir.resolve("bundle.log");
        Files.writeString(log, String.join("\n",
                "10:00:00.100 INFO  [main] i.s.ledger.InstanceHeartbeat - started",
                "10:00:01.200 INFO  [t] io.spotlink.following.ResultPoller - Result poll: 3 order(s), 1 status change(s)",
                "10:00:02.300 INFO  [t] i.s.results.DeliveryDispatcher - Delivery 5 (report r, control id SL5-1) "
                        + "written to file",
                "10:00:03.400 WARN  [t] io.spotlink.spot.SpotClient - Spot GET failed"));
        assertThat(TwoInstances.lastLeaderWork(log)).contains(LocalTime.parse("10:00:02.300"));
        assertThat(TwoInstances.lastLeaderWork(dir.resolve("none.log"))).isEmpty();
    }

    @Test
    void ordersAreSpreadOverTheFourChannelsAndPatientsHaveTwoOrders() {
        assertThat(SoakOrder.of(0).channel()).isEqualTo(Channel.HTTP);
        assertThat(SoakOrder.of(3).channel()).isEqualTo(Channel.MLLP);
        assertThat(SoakOrder.of(6).patient()).isEqualTo(SoakOrder.of(7).patient());
        assertThat(SoakOrder.of(5).orm("C1")).contains("ORC|NW|J-000005|").contains("|SOAK|");
        assertThat(SoakOrder.of(2).csvRow().split(",", -1)).hasSize(SoakOrder.csvHeader().split(",").length);
    }
}
