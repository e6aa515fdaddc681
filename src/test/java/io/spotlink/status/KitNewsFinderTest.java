package io.spotlink.status;

import io.spotlink.spot.model.Kit;
import io.spotlink.spot.model.KitStatus;
import io.spotlink.spot.model.Order;
import io.spotlink.spot.model.OrderStatus;
import io.spotlink.spot.model.Report;
import io.spotlink.spot.model.Sample;
import io.spotlink.spot.model.SampleStatus;
import io.spotlink.spot.model.StatusEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The news of an order's kits, as Spot shows them, and the milestone settings. */
class KitNewsFinderTest {

    private static final OffsetDateTime UPDATED = OffsetDateTime.parse("2026-12-01T10:00:00Z");
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    private static Kit kit(String id, KitStatus status, SampleStatus sample, List<Report> reports,
                           List<StatusEvent<KitStatus>> events) {
        return new Kit(id, "health_kit_1", status, events, null, null,
                new Sample("S" + id, sample, List.of(), "blood", List.of(), List.of(), reports), Map.of());
    }

    private static Order order(OrderStatus status, Kit... kits) {
        return new Order("O1", status, null, List.of("health_kit_1"), List.of(kits), UPDATED, UPDATED, Map.of());
    }

    private static List<KitNews> news(Order order) {
        return KitNewsFinder.find(order, NOW).stream().map(KitNewsFinder.Notice::news).toList();
    }

    @Test
    void eachBadStateIsItsOwnNewsAndTheOrdersCancelComesFirst() {
        assertThat(news(order(OrderStatus.IN_PROGRESS, kit("K1", KitStatus.CANCELED, null, List.of(), List.of()))))
                .containsExactly(KitNews.KIT_CANCELED);
        assertThat(news(order(OrderStatus.IN_PROGRESS, kit("K1", KitStatus.DELIVERY_EXCEPTION, null, List.of(),
                List.of())))).containsExactly(KitNews.KIT_DELIVERY_EXCEPTION);
        assertThat(news(order(OrderStatus.IN_PROGRESS, kit("K1", KitStatus.REGISTERED,
                SampleStatus.COLLECTION_EXCEPTION, List.of(), List.of())))).containsExactly(
                KitNews.SAMPLE_COLLECTION_EXCEPTION);
        assertThat(news(order(OrderStatus.IN_PROGRESS, kit("K1", KitStatus.REGISTERED,
                SampleStatus.DELIVERY_EXCEPTION, List.of(), List.of())))).containsExactly(
                KitNews.SAMPLE_DELIVERY_EXCEPTION);
        assertThat(news(order(OrderStatus.IN_PROGRESS, kit("K1", KitStatus.REGISTERED, SampleStatus.CANCELED,
                List.of(), List.of())))).containsExactly(KitNews.SAMPLE_CANCELED);
        assertThat(news(order(OrderStatus.CANCELED, kit("K1", KitStatus.CANCELED, SampleStatus.CANCELED, List.of(),
                List.of())))).containsExactly(KitNews.ORDER_CANCELED);
    }

    @Test
    void aResultedKitHasNoStatusNewsAndAnOrderCanceledBeforeItsKitsHasOne() {
        Report report = new Report("R1", List.of(), null, null, null, null, UPDATED, false);
        assertThat(news(order(OrderStatus.CANCELED, kit("K1", KitStatus.REGISTERED, SampleStatus.RESULTED,
                List.of(report), List.of())))).isEmpty();
        List<KitNewsFinder.Notice> none = KitNewsFinder.find(order(OrderStatus.CANCELED), NOW);
        assertThat(none).extracting(KitNewsFinder.Notice::news).containsExactly(KitNews.ORDER_CANCELED);
        assertThat(none.get(0).kit().kitId()).isNull();
        assertThat(KitNews.ORDER_CANCELED.reportId("O1")).isEqualTo("status-O1-canceled");
    }

    @Test
    void milestonesReachedAreEachNewsAtTheirEventTime() {
        OffsetDateTime shipped = OffsetDateTime.parse("2026-11-28T09:30:00Z");
        Kit kit = kit("K1", KitStatus.REGISTERED, SampleStatus.EXTRA_QUALITY_CHECKS, List.of(),
                List.of(new StatusEvent<>(KitStatus.IN_TRANSIT, shipped)));
        List<KitNewsFinder.Notice> notices = KitNewsFinder.find(order(OrderStatus.IN_PROGRESS, kit), NOW);
        assertThat(notices).extracting(KitNewsFinder.Notice::news).containsExactly(KitNews.KIT_SHIPPED,
                KitNews.KIT_DELIVERED, KitNews.KIT_REGISTERED, KitNews.SAMPLE_RECEIVED);
        assertThat(notices.get(0).at()).isEqualTo(shipped.toInstant());
        assertThat(notices.get(1).at()).as("no event: the order's last update").isEqualTo(UPDATED.toInstant());
        assertThat(KitNews.KIT_SHIPPED.note(shipped.toInstant()))
                .isEqualTo("Kit shipped to the patient on 2026-11-28 09:30 UTC.");
    }

    @Test
    void milestoneSettingsAreNoneAllOrAList() {
        assertThat(Milestones.parse("k", "none")).isEmpty();
        assertThat(Milestones.parse("k", "")).isEmpty();
        assertThat(Milestones.parse("k", "all")).hasSize(4);
        assertThat(Milestones.parse("k", "Received, shipped")).containsExactlyInAnyOrder(
                KitNews.Milestone.RECEIVED, KitNews.Milestone.SHIPPED);
        assertThatThrownBy(() -> Milestones.parse("spotlink.destination.chart.milestones", "resulted"))
                .hasMessageContaining("spotlink.destination.chart.milestones").hasMessageContaining("resulted");
        assertThat(new Milestones(key -> java.util.Optional.empty()).of("chart")).isEmpty();
    }
}
