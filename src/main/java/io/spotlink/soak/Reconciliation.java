package io.spotlink.soak;

import io.spotlink.intake.SpotOrderMapper;
import io.spotlink.sim.SpotSimulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Compares what was sent with what the simulator holds and what the destinations received, from their own state
 * (never from Spotlink's ledger): each source order is exactly one Spot order; each report version (the final, and
 * the amendment) reached the EHR over MLLP and the outbox exactly once; the EHR received each patient's results in
 * order. Over MLLP only accepted messages count (an AA whose MSA-2 is the message's MSH-10): a resend of a message
 * the EHR did not acknowledge is the protocol working, not a duplicate; and a message whose MSH-10 the EHR already
 * accepted is the same message again, which an EHR's duplicate check (HL7: by MSH-10) keeps once. A partial report is counted when delivered
 * (the poller may pass its short window) but may never arrive twice.
 */
final class Reconciliation {

    record Result(int sourceOrders, int spotOrders, List<String> lost, Map<String, Integer> duplicated, int kits,
                  int kitsOfDuplicates, int unfinishedKits, int expectedVersions, int partialsSeen, int mllpAccepted,
                  int mllpReceived, int mllpResendsRecognised, List<String> mllpMissing, List<String> mllpDuplicates, int mllpSameDeliveryAcceptedTwice,
                  List<String> outOfOrder, int fileWritten, List<String> fileMissing, List<String> fileDuplicates) {

        /**
         * Every source order is at Spot (a failed one may still be in order-retry) and every result has arrived
         * everywhere: what the soak waits for before it stops the bundle.
         */
        boolean complete() {
            return lost.isEmpty() && unfinishedKits == 0 && mllpMissing.isEmpty() && fileMissing.isEmpty();
        }

        int lostCount() {
            return lost.size() + mllpMissing.size() + fileMissing.size();
        }

        int duplicateCount() {
            return duplicated.size() + mllpDuplicates.size() + fileDuplicates.size();
        }
    }

    private Reconciliation() {
    }

    static Result of(List<SoakOrder> orders, SpotSimulator sim, List<String> ehrReceived, List<String> ehrAcks,
                     Path outbox) throws IOException {
        List<String> lost = new ArrayList<>();
        Map<String, Integer> duplicated = new TreeMap<>();
        Set<String> ourOrders = new HashSet<>();
        for (SoakOrder order : orders) {
            List<String> ids = sim.orderIdsWithMetadata(SpotOrderMapper.META_SOURCE_ORDER_ID, order.sourceOrderId());
            ourOrders.addAll(ids);
            if (ids.isEmpty()) {
                lost.add(order.sourceOrderId());
            } else if (ids.size() > 1) {
                duplicated.put(order.sourceOrderId(), ids.size());
            }
        }

        Map<String, String> kitOfReport = new HashMap<>();
        List<SpotSimulator.KitReports> allKits = sim.reportVersions().stream()
                .filter(k -> ourOrders.contains(k.orderId())).toList();
        for (SpotSimulator.KitReports kit : allKits) {
            kitOfReport.put(kit.reportId(), kit.kitId());
            if (kit.amendmentReportId() != null) {
                kitOfReport.put(kit.amendmentReportId(), kit.kitId());
            }
        }

        // MLLP: accepted messages by kit/version, and each patient's order of arrival
        Map<String, String> ackCodes = new HashMap<>();
        for (String ack : ehrAcks) {
            ReceivedOru.ackOf(ack).ifPresent(a -> ackCodes.put(a[1], a[0]));
        }
        Map<String, Integer> mllpCounts = new HashMap<>();
        Map<String, Set<Long>> deliveriesOf = new HashMap<>();
        Map<String, Long> lastDeliveryOfPatient = new HashMap<>();
        List<String> outOfOrder = new ArrayList<>();
        int accepted = 0;
        int sameDeliveryTwice = 0;
        int resendsRecognised = 0;
        Set<String> seenControlIds = new HashSet<>();
        for (String message : ehrReceived) {
            ReceivedOru oru = ReceivedOru.parse(message).orElse(null);
            if (oru == null || !"AA".equals(ackCodes.get(oru.controlId()))) {
                continue;
            }
            if (!seenControlIds.add(oru.controlId())) {
                resendsRecognised++; // the same MSH-10 again: an EHR's duplicate check keeps one copy
                continue;
            }
            accepted++;
            String key = oru.kitId() + "/" + oru.status();
            mllpCounts.merge(key, 1, Integer::sum);
            if (!deliveriesOf.computeIfAbsent(key, k -> new HashSet<>()).add(oru.deliveryId())) {
                sameDeliveryTwice++;
            }
            Long last = lastDeliveryOfPatient.put(oru.mrn(), oru.deliveryId());
            if (last != null && last > oru.deliveryId()) {
                outOfOrder.add(oru.mrn() + ": delivery " + oru.deliveryId() + " after " + last);
            }
        }

        // File destination: <order id>-<report id>-<status>-<control id>.hl7 in the outbox
        Map<String, Integer> fileCounts = new HashMap<>();
        int written = 0;
        if (Files.isDirectory(outbox)) {
            try (Stream<Path> files = Files.list(outbox)) {
                for (Path file : files.toList()) {
                    String name = file.getFileName().toString();
                    if (name.startsWith(".") || !name.endsWith(".hl7")) {
                        continue;
                    }
                    String[] parts = name.substring(0, name.length() - 4).split("-");
                    if (parts.length < 5) {
                        continue;
                    }
                    String status = parts[parts.length - 3];
                    String reportId = String.join("-", java.util.Arrays.copyOfRange(parts, 1, parts.length - 3));
                    String kitId = kitOfReport.get(reportId);
                    if (kitId != null) {
                        written++;
                        fileCounts.merge(kitId + "/" + status, 1, Integer::sum);
                    }
                }
            }
        }

        // A duplicated source order: Spotlink follows one of its Spot orders; the other's kits are counted apart.
        Set<String> notFollowed = notFollowed(orders, sim, allKits, mllpCounts, fileCounts);
        Map<String, SpotSimulator.KitReports> kits = new LinkedHashMap<>();
        int unfinished = 0;
        int expected = 0;
        for (SpotSimulator.KitReports kit : allKits) {
            if (!notFollowed.contains(kit.orderId())) {
                kits.put(kit.kitId(), kit);
                unfinished += kit.finished() ? 0 : 1;
                expected += lasting(kit).size();
            }
        }
        List<String> mllpMissing = new ArrayList<>();
        List<String> fileMissing = new ArrayList<>();
        int partials = 0;
        for (SpotSimulator.KitReports kit : kits.values()) {
            for (String version : lasting(kit)) {
                String key = kit.kitId() + "/" + version;
                if (!mllpCounts.containsKey(key)) {
                    mllpMissing.add(key);
                }
                if (!fileCounts.containsKey(key)) {
                    fileMissing.add(key);
                }
            }
            partials += mllpCounts.containsKey(kit.kitId() + "/P") ? 1 : 0;
        }
        return new Result(orders.size(), sim.orderCount(), lost, duplicated, kits.size(), allKits.size() - kits.size(),
                unfinished, expected, partials, accepted, ehrReceived.size(), resendsRecognised, mllpMissing,
                overOne(mllpCounts), sameDeliveryTwice, outOfOrder, written, fileMissing, overOne(fileCounts));
    }

    /** Of each duplicated source order's Spot orders, all but the one with the most deliveries. */
    private static Set<String> notFollowed(List<SoakOrder> orders, SpotSimulator sim,
                                           List<SpotSimulator.KitReports> kits, Map<String, Integer> mllpCounts,
                                           Map<String, Integer> fileCounts) {
        Set<String> extra = new HashSet<>();
        for (SoakOrder order : orders) {
            List<String> ids = sim.orderIdsWithMetadata(SpotOrderMapper.META_SOURCE_ORDER_ID, order.sourceOrderId());
            if (ids.size() < 2) {
                continue;
            }
            String followed = ids.stream().max(java.util.Comparator.comparingInt(id -> kits.stream()
                    .filter(k -> k.orderId().equals(id)).mapToInt(k -> deliveries(k.kitId(), mllpCounts)
                            + deliveries(k.kitId(), fileCounts)).sum())).orElseThrow();
            ids.stream().filter(id -> !id.equals(followed)).forEach(extra::add);
        }
        return extra;
    }

    private static int deliveries(String kitId, Map<String, Integer> counts) {
        return counts.entrySet().stream().filter(e -> e.getKey().startsWith(kitId + "/"))
                .mapToInt(Map.Entry::getValue).sum();
    }

    /** The versions a kit keeps once it is finished: the final report and, if amended, the amendment. */
    private static List<String> lasting(SpotSimulator.KitReports kit) {
        return kit.versions().stream().filter(v -> !"P".equals(v)).toList();
    }

    private static List<String> overOne(Map<String, Integer> counts) {
        return counts.entrySet().stream().filter(e -> e.getValue() > 1).map(e -> e.getKey() + " x" + e.getValue())
                .sorted().toList();
    }
}
