package io.spotlink.routes;

import io.spotlink.sim.MutableClock;
import io.spotlink.sim.SpotSimulator;
import io.spotlink.spot.SpotApiException;
import io.spotlink.spot.SpotClient;
import io.spotlink.spot.SpotClientConfig;
import io.spotlink.spot.model.ActivateKit;
import io.spotlink.spot.model.CreatePatient;
import io.spotlink.spot.model.KitActivation;
import io.spotlink.spot.model.Order;
import io.spotlink.spot.model.Patient;
import io.spotlink.spot.model.RegistrationToken;
import io.spotlink.spot.model.RegistrationTokenRequest;
import io.spotlink.spot.model.Requisition;
import io.spotlink.support.Orders;
import io.spotlink.support.Requisitions;
import io.spotlink.support.Simulators;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The spot-* routes of routes/ as the bundle loads them, each called over direct: against the simulator. */
class SpotApiRoutesTest {

    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private SpotSimulator sim;
    private DefaultCamelContext camel;
    private io.spotlink.support.SpotRoutes spot;
    private ProducerTemplate routes;
    private SpotClient client;

    @BeforeEach
    void start() throws Exception {
        sim = SpotSimulator.start(Simulators.config("sim.stage-duration", "PT1H").withClock(clock));
        spot = io.spotlink.support.SpotRoutes.start(sim.baseUrl(), Simulators.API_KEY);
        camel = spot.camel;
        client = spot.client;
        routes = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        spot.close();
        sim.close();
    }

    @Test
    void everySpotEndpointIsReachableFromItsRoute() {
        Requisition created = routes.requestBody("direct:spot-create-requisition", Requisitions.valid("BC-R1", "CA"),
                Requisition.class);
        assertThat(created.status()).isEqualTo("approved");
        assertThat(routes.requestBody("direct:spot-get-requisition", created.requisitionId(), Requisition.class)
                .barcode()).isEqualTo("BC-R1");
        List<?> all = routes.requestBody("direct:spot-list-requisitions", null, List.class);
        assertThat(all).hasSize(1);
        List<?> resulted = routes.requestBody("direct:spot-list-requisitions", Map.of("status", "resulted"),
                List.class);
        assertThat(resulted).isEmpty();

        Patient patient = routes.requestBody("direct:spot-create-patient", new CreatePatient(Orders.FIRST,
                Orders.LAST, Orders.EMAIL, "F", LocalDate.parse(Orders.BIRTH_DATE), null), Patient.class);
        RegistrationToken token = routes.requestBody("direct:spot-create-registration-token",
                new RegistrationTokenRequest(patient.patientId(), null), RegistrationToken.class);
        assertThat(sim.registrationTokenStatus(token.token())).isEqualTo("VALID");

        Order order = client.createOrder(new io.spotlink.intake.SpotOrderMapper(io.spotlink.intake.TestCodeMap.load(
                Path.of("config/test-codes.properties"))).toCreateOrder(Orders.valid("RT-1"), "EPIC-TEST"));
        clock.advance(Duration.ofHours(1));
        String kitId = client.retrieveOrder(order.orderId()).kits().get(0).kitId();
        KitActivation activation = routes.requestBodyAndHeader("direct:spot-activate-kit",
                ActivateKit.forPatient(patient.patientId(), true), "SpotKitId", kitId, KitActivation.class);
        assertThat(activation.succeeded()).isTrue();
    }

    @Test
    void spotsRefusalsReachTheCaller() {
        routes.requestBody("direct:spot-create-requisition", Requisitions.valid("BC-R2", "CA"));
        assertThatThrownBy(() -> routes.requestBody("direct:spot-create-requisition", Requisitions.valid("BC-R2", "CA")))
                .isInstanceOf(CamelExecutionException.class).cause()
                .isInstanceOf(SpotApiException.BadRequest.class).hasMessageContaining("barcode");
        assertThatThrownBy(() -> routes.requestBody("direct:spot-get-requisition", "no-such-id"))
                .cause().isInstanceOf(SpotApiException.NotFound.class);
        assertThatThrownBy(() -> routes.requestBodyAndHeader("direct:spot-activate-kit",
                ActivateKit.forPatient("p", true), "SpotKitId", "SPOT999999"))
                .cause().isInstanceOf(SpotApiException.NotFound.class);
    }

    @Test
    void aLostCreateAnswerIsLookedUpByBarcodeNotSentTwice() {
        try (SpotSimulator lossy = Simulators.start("sim.fault.after-create.error-rate", "1.0");
             io.spotlink.support.SpotRoutes lossyRoutes = io.spotlink.support.SpotRoutes.start(lossy.baseUrl(),
                     Simulators.API_KEY)) {
            Requisition found = lossyRoutes.camel.createProducerTemplate().requestBody(
                    "direct:spot-create-requisition", Requisitions.valid("BC-R3", "CA"), Requisition.class);

            assertThat(found.barcode()).isEqualTo("BC-R3");
            assertThat(lossy.requisitionCount()).isEqualTo(1);
        }
    }
}
