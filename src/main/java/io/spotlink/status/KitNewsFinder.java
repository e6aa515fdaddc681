package io.spotlink.status;

import io.spotlink.spot.model.Kit;
import io.spotlink.spot.model.KitStatus;
import io.spotlink.spot.model.Order;
import io.spotlink.spot.model.OrderStatus;
import io.spotlink.spot.model.SampleStatus;
import io.spotlink.spot.model.StatusEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads an order as Spot shows it into the news of its kits that is not a result. Pure: the same order gives the same
 * news, so a later poll finds what an earlier one found and the delivery ledger's key keeps each one single.
 * <ul>
 * <li>A kit whose sample has a report is left alone: its results tell the story, a status would only contradict.</li>
 * <li>Bad news: at most one per kit and poll, the first of: order canceled, kit canceled, kit delivery exception,
 * sample collection exception, sample delivery exception, sample canceled. A canceled order with no kit yet gets
 * one for the order.</li>
 * <li>Milestones, for a kit without bad news: each one the kit or sample has reached (its status event, or a later
 * status), in lifecycle order, at the time of its status event (else the order's last update).</li>
 * </ul>
 */
public final class KitNewsFinder {

    /** One piece of news of one kit; {@code kit} is a stand-in (no id) for an order canceled before its kits. */
    public record Notice(KitNews news, Kit kit, Instant at) {
    }

    /** spot_kit's id column, as KitTracker: a longer id is not a Spot kit and is not followed. */
    private static final int MAX_ID = 32;
    private static final List<KitStatus> KIT_STEPS = List.of(KitStatus.IN_TRANSIT, KitStatus.DELIVERED,
            KitStatus.REGISTERED);
    private static final List<KitNews> KIT_MILESTONES = List.of(KitNews.KIT_SHIPPED, KitNews.KIT_DELIVERED,
            KitNews.KIT_REGISTERED);
    private static final Set<SampleStatus> RECEIVED_OR_LATER = Set.of(SampleStatus.RECEIVED,
            SampleStatus.EXTRA_QUALITY_CHECKS, SampleStatus.PARTIALLY_RESULTED, SampleStatus.RESULTED);

    private KitNewsFinder() {
    }

    public static List<Notice> find(Order order, Instant now) {
        Instant changed = order.updated() == null ? now : order.updated().toInstant();
        boolean orderCanceled = OrderStatus.CANCELED.equals(order.status());
        List<Kit> kits = order.kits().stream().filter(Objects::nonNull)
                .filter(k -> k.kitId() != null && !k.kitId().isBlank() && k.kitId().length() <= MAX_ID).toList();
        List<Notice> notices = new ArrayList<>();
        if (orderCanceled && kits.isEmpty()) {
            Kit none = new Kit(null, order.kitTypes().isEmpty() ? null : order.kitTypes().get(0), null, List.of(),
                    null, null, null, Map.of());
            notices.add(new Notice(KitNews.ORDER_CANCELED, none, changed));
            return notices;
        }
        for (Kit kit : kits) {
            if (kit.sample() != null && !kit.sample().reports().isEmpty()) {
                continue;
            }
            KitNews bad = badNews(kit, orderCanceled);
            if (bad != null) {
                notices.add(new Notice(bad, kit, badNewsTime(kit, bad, changed)));
                continue;
            }
            for (int i = 0; i < KIT_STEPS.size(); i++) {
                if (kitReached(kit, i)) {
                    notices.add(new Notice(KIT_MILESTONES.get(i), kit, timeOf(kit.events(), KIT_STEPS.get(i), changed)));
                }
            }
            if (kit.sample() != null && (RECEIVED_OR_LATER.contains(kit.sample().status())
                    || kit.sample().events().stream().anyMatch(e -> SampleStatus.RECEIVED.equals(e.status())))) {
                notices.add(new Notice(KitNews.SAMPLE_RECEIVED, kit,
                        timeOf(kit.sample().events(), SampleStatus.RECEIVED, changed)));
            }
        }
        return notices;
    }

    private static KitNews badNews(Kit kit, boolean orderCanceled) {
        if (orderCanceled) {
            return KitNews.ORDER_CANCELED;
        }
        if (KitStatus.CANCELED.equals(kit.status())) {
            return KitNews.KIT_CANCELED;
        }
        if (KitStatus.DELIVERY_EXCEPTION.equals(kit.status())) {
            return KitNews.KIT_DELIVERY_EXCEPTION;
        }
        SampleStatus sample = kit.sample() == null ? null : kit.sample().status();
        if (SampleStatus.COLLECTION_EXCEPTION.equals(sample)) {
            return KitNews.SAMPLE_COLLECTION_EXCEPTION;
        }
        if (SampleStatus.DELIVERY_EXCEPTION.equals(sample)) {
            return KitNews.SAMPLE_DELIVERY_EXCEPTION;
        }
        return SampleStatus.CANCELED.equals(sample) ? KitNews.SAMPLE_CANCELED : null;
    }

    private static Instant badNewsTime(Kit kit, KitNews news, Instant fallback) {
        return switch (news) {
            case KIT_CANCELED -> timeOf(kit.events(), KitStatus.CANCELED, fallback);
            case KIT_DELIVERY_EXCEPTION -> timeOf(kit.events(), KitStatus.DELIVERY_EXCEPTION, fallback);
            case SAMPLE_COLLECTION_EXCEPTION, SAMPLE_DELIVERY_EXCEPTION, SAMPLE_CANCELED ->
                    timeOf(kit.sample().events(), kit.sample().status(), fallback);
            default -> fallback;
        };
    }

    /** Whether the kit reached KIT_STEPS[i]: its event is there, or its status is that step or a later one. */
    private static boolean kitReached(Kit kit, int i) {
        KitStatus step = KIT_STEPS.get(i);
        return KIT_STEPS.indexOf(kit.status()) >= i || kit.events().stream().anyMatch(e -> step.equals(e.status()));
    }

    /** When the last event of that status happened, else the fallback. */
    private static <S> Instant timeOf(List<StatusEvent<S>> events, S status, Instant fallback) {
        Instant at = null;
        for (StatusEvent<S> e : events) {
            if (e != null && status.equals(e.status()) && e.created() != null) {
                at = e.created().toInstant();
            }
        }
        return at != null ? at : fallback;
    }
}
