package io.spotlink.delivery;

import io.spotlink.intake.CanonicalOrder;
import io.spotlink.spot.model.Kit;
import io.spotlink.support.Orders;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Destinations read from spotlink.destination.<name>.* and the older spotlink.deliver.<type>.* keys; filters. */
class DeliveryDestinationsTest {

    private static List<DeliveryDestination> read(Map<String, String> settings) {
        return DeliveryDestinations.read(settings.keySet(), k -> Optional.ofNullable(settings.get(k)));
    }

    @Test
    void theOlderKeysMakeOneDestinationPerEnabledTypeNamedAfterIt() {
        List<DeliveryDestination> all = read(Map.of("spotlink.deliver.file.enabled", "true",
                "spotlink.deliver.file.directory", "outbox", "spotlink.deliver.mllp.enabled", "true",
                "spotlink.deliver.mllp.host", "127.0.0.1", "spotlink.deliver.mllp.port", "2575",
                "spotlink.deliver.sftp.enabled", "false", "spotlink.deliver.sftp.host", "h"));
        assertThat(all).extracting(DeliveryDestination::name).containsExactly("file", "mllp");
        DeliveryDestination mllp = all.get(1);
        assertThat(mllp.routeId()).isEqualTo("oru-deliver-mllp");
        assertThat(mllp.templateId()).isEqualTo("oru-deliver-mllp");
        assertThat(mllp.parameters()).containsExactlyInAnyOrderEntriesOf(Map.of("name", "mllp", "host", "127.0.0.1",
                "port", "2575", "connectTimeout", "5000", "ackTimeout", "15000"));
        assertThat(mllp.filter()).isEqualTo(DestinationFilter.ALL);
    }

    @Test
    void aNamedDestinationHasItsTypeSettingsReceiverAndFilter() {
        List<DeliveryDestination> all = read(Map.of("spotlink.destination.sti-ehr.type", "mllp",
                "spotlink.destination.sti-ehr.host", "10.0.0.7", "spotlink.destination.sti-ehr.port", "2576",
                "spotlink.destination.sti-ehr.receiving-application", "CLINIC_EHR",
                "spotlink.destination.sti-ehr.receiving-facility", "STI_CLINIC",
                "spotlink.destination.sti-ehr.filter.kit-types", "sti_kit, hiv_kit",
                "spotlink.destination.off.type", "file", "spotlink.destination.off.enabled", "false"));
        assertThat(all).hasSize(1);
        DeliveryDestination d = all.get(0);
        assertThat(d.routeId()).isEqualTo("oru-deliver-sti-ehr");
        assertThat(d.parameters()).containsEntry("host", "10.0.0.7").containsEntry("name", "sti-ehr");
        assertThat(d.receivingApplication()).isEqualTo("CLINIC_EHR");
        assertThat(d.receivingFacility()).isEqualTo("STI_CLINIC");
        assertThat(d.filter().kitTypes()).containsExactlyInAnyOrder("sti_kit", "hiv_kit");
    }

    @Test
    void aNamedDestinationReplacesTheOlderOneOfTheSameName() {
        List<DeliveryDestination> all = read(Map.of("spotlink.deliver.mllp.enabled", "true",
                "spotlink.deliver.mllp.host", "old", "spotlink.deliver.mllp.port", "1",
                "spotlink.destination.mllp.type", "mllp", "spotlink.destination.mllp.host", "new",
                "spotlink.destination.mllp.port", "2"));
        assertThat(all).singleElement().satisfies(d -> assertThat(d.parameters()).containsEntry("host", "new"));
    }

    @Test
    void optionalSftpSettingsAreEmptyAndRequiredOnesAreNamedWhenMissing() {
        DeliveryDestination sftp = read(Map.of("spotlink.destination.ehr.type", "sftp",
                "spotlink.destination.ehr.host", "h", "spotlink.destination.ehr.directory", "in",
                "spotlink.destination.ehr.username", "u", "spotlink.destination.ehr.known-hosts-file", "kh")).get(0);
        assertThat(sftp.parameters()).containsEntry("port", "22").containsEntry("password", "")
                .containsEntry("privateKeyFile", "");
        assertThatThrownBy(() -> read(Map.of("spotlink.destination.ehr.type", "mllp",
                "spotlink.destination.ehr.host", "h")))
                .hasMessageContaining("spotlink.destination.ehr.port");
        assertThatThrownBy(() -> read(Map.of("spotlink.destination.ehr.type", "fax")))
                .hasMessageContaining("type must be one of").hasMessageContaining("'fax'");
        assertThatThrownBy(() -> read(Map.of("spotlink.destination.EHR_2.type", "file",
                "spotlink.destination.EHR_2.directory", "x"))).hasMessageContaining("lower-case");
    }

    private static ReportContext report(String kitType, List<String> testCodes, String sourceSystem) {
        CanonicalOrder o = Orders.valid("F-1");
        CanonicalOrder hospital = new CanonicalOrder(o.sourceOrderId(), sourceSystem, testCodes, List.of(),
                o.recipient(), o.patient(), o.orderingProvider(), o.metadata());
        Kit kit = new Kit("K1", kitType, null, List.of(), null, null, null, Map.of());
        return new ReportContext(hospital, sourceSystem, null, kit, null, 'F');
    }

    @Test
    void aFilterPassesAReportMatchingEveryListItSets() {
        DestinationFilter sti = new DestinationFilter(Set.of("STI_KIT"), Set.of(), Set.of());
        assertThat(sti.accepts(report("sti_kit", List.of("STI"), "EPIC"))).isTrue();
        assertThat(sti.accepts(report("health_kit_1", List.of("LIPID"), "EPIC"))).isFalse();

        DestinationFilter codesFromOneSystem = new DestinationFilter(Set.of(), Set.of("ct-ng", "STI"), Set.of("EPIC"));
        assertThat(codesFromOneSystem.accepts(report("sti_kit", List.of("CT-NG"), "EPIC"))).isTrue();
        assertThat(codesFromOneSystem.accepts(report("sti_kit", List.of("CT-NG"), "CERNER"))).as("other system")
                .isFalse();
        assertThat(codesFromOneSystem.accepts(report("sti_kit", List.of("LIPID"), "EPIC"))).as("other code")
                .isFalse();
        assertThat(DestinationFilter.ALL.accepts(report("anything", List.of(), "X"))).isTrue();
    }
}
