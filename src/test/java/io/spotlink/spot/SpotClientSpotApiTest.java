package io.spotlink.spot;

import io.spotlink.sim.MutableClock;
import io.spotlink.sim.SpotSimulator;
import io.spotlink.spot.model.ActivateKit;
import io.spotlink.spot.model.Address;
import io.spotlink.spot.model.CreatePatient;
import io.spotlink.spot.model.CreateRequisition;
import io.spotlink.spot.model.Order;
import io.spotlink.spot.model.Patient;
import io.spotlink.spot.model.RegistrationToken;
import io.spotlink.spot.model.RegistrationTokenRequest;
import io.spotlink.spot.model.Report;
import io.spotlink.spot.model.Requisition;
import io.spotlink.spot.model.RequisitionPatient;
import io.spotlink.spot.model.RequisitionStatus;
import io.spotlink.support.Orders;
import io.spotlink.support.Requisitions;
import io.spotlink.support.Simulators;
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
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Requisitions, patients, registration tokens and kit activation: the client over real HTTP against the simulator,
 * each success and each error Spot gives (400 naming the fields, 404, 401, duplicate barcode, token expiry).
 */
class SpotClientSpotApiTest {

    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    private SpotSimulator sim;
    private final List<io.spotlink.support.SpotRoutes> routes = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        sim = SpotSimulator.start(Simulators.config("sim.stage-duration", "PT1H", "sim.amendment-rate", "0",
                "sim.extra-checks-rate", "0").withClock(clock));
    }

    @AfterEach
    void stop() {
        routes.forEach(io.spotlink.support.SpotRoutes::close);
        sim.close();
    }

    private SpotClient client(String key) {
        io.spotlink.support.SpotRoutes spot = io.spotlink.support.SpotRoutes.start(sim.baseUrl(), key,
                "spot.api.retry.max-redeliveries", "2");
        routes.add(spot);
        return spot.client;
    }

    private static CreateRequisition requisition(String barcode, String state) {
        return Requisitions.valid(barcode, state);
    }

    @Test
    void aRequisitionIsApprovedAtOnceThenFollowsItsSampleToResults() {
        SpotClient client = client(Simulators.API_KEY);
        Requisition created = client.createRequisition(requisition("BC-1001", "CA"), Optional::empty);
        assertThat(created.requisitionId()).matches("[0-9a-f-]{36}");
        assertThat(created.statusValue()).isEqualTo(RequisitionStatus.APPROVED);
        assertThat(created.barcode()).isEqualTo("BC-1001");
        assertThat(created.events()).extracting(e -> e.event()).containsExactly("created", "approved");
        assertThat(created.reports()).isEmpty();
        assertThat(created.metadata()).containsEntry("source_order_id", "S-BC-1001");

        clock.advance(Duration.ofHours(3));
        Requisition resulted = client.retrieveRequisition(created.requisitionId());
        assertThat(resulted.status()).isEqualTo("resulted");
        assertThat(resulted.statusValue().isFinal()).isTrue();
        assertThat(resulted.events()).extracting(e -> e.event())
                .containsExactly("created", "approved", "delivered", "received", "resulted");
        Report report = resulted.reports().get(0);
        assertThat(report.reportId()).isNotBlank();
        assertThat(report.results()).isNotEmpty().allSatisfy(r -> assertThat(r.name()).isNotBlank());
        assertThat(resulted.lastChange()).isAfter(created.lastChange());

        client.createRequisition(requisition("BC-1002", "CA"), Optional::empty);
        assertThat(client.listRequisitions(Map.of(), 0, 10)).hasSize(2);
        assertThat(client.listRequisitions(Map.of("barcode", "BC-1002"), 0, 10)).singleElement()
                .satisfies(r -> assertThat(r.statusValue()).isEqualTo(RequisitionStatus.APPROVED));
        assertThat(client.listRequisitions(Map.of("status", "resulted"), 0, 10)).extracting(Requisition::barcode)
                .containsExactly("BC-1001");
    }

    @Test
    void aRequisitionFromAStateTheLabDoesNotServeIsDeniedAtOnce() {
        Requisition denied = client(Simulators.API_KEY).createRequisition(requisition("BC-2001", "NY"));
        assertThat(denied.statusValue()).isEqualTo(RequisitionStatus.DENIED);
        assertThat(denied.statusValue().isFinal()).isTrue();
        clock.advance(Duration.ofHours(10));
        assertThat(client(Simulators.API_KEY).retrieveRequisition(denied.requisitionId()).reports()).isEmpty();
    }

    @Test
    void aRequisitionMissingFieldsIsRefusedNamingEachOne() {
        CreateRequisition bad = new CreateRequisition(null, List.of(), "ACC-1", null, "California",
                new RequisitionPatient("A", null, "not-an-email", "4155550100", "X", LocalDate.now().plusDays(3),
                        null), null, null, null);
        assertThatThrownBy(() -> client(Simulators.API_KEY).createRequisition(bad, Optional::empty))
                .isInstanceOfSatisfying(SpotApiException.BadRequest.class, e -> assertThat(String.join("|",
                        e.details())).contains("barcode", "panels", "lab", "state_collected", "patient.last_name",
                        "patient.email", "patient.sex", "patient.date_of_birth", "patient.address")
                        .doesNotContain("not-an-email"));
        assertThat(sim.requisitionCount()).isZero();
    }

    @Test
    void aBarcodeNamesOneRequisitionOnly() {
        SpotClient client = client(Simulators.API_KEY);
        client.createRequisition(requisition("BC-3001", "CA"), Optional::empty);
        assertThatThrownBy(() -> client.createRequisition(requisition("BC-3001", "CA"), Optional::empty))
                .isInstanceOfSatisfying(SpotApiException.BadRequest.class,
                        e -> assertThat(e.details().get(0)).contains("barcode is already in use"));
        assertThat(sim.requisitionCount()).isEqualTo(1);
    }

    @Test
    void aLostCreateAnswerIsFoundByBarcodeNotSentTwice() {
        SpotClient client = client(Simulators.API_KEY);
        Requisition first = client.createRequisition(requisition("BC-3101", "CA"), Optional::empty);
        sim.faults().setErrorRate(1.0);
        Requisition again = client.createRequisition(requisition("BC-3101", "CA"), () -> {
            sim.faults().setErrorRate(0.0);
            return client.listRequisitions(Map.of("barcode", "BC-3101"), 0, 1).stream().findFirst();
        });
        assertThat(again.requisitionId()).isEqualTo(first.requisitionId());
        assertThat(sim.requisitionCount()).isEqualTo(1);
    }

    @Test
    void unknownIdsAre404AndAWrongKeyIs401OnEveryEndpoint() {
        SpotClient client = client(Simulators.API_KEY);
        assertThatThrownBy(() -> client.retrieveRequisition("00000000-0000-0000-0000-000000000000"))
                .isInstanceOf(SpotApiException.NotFound.class);
        assertThatThrownBy(() -> client.activateKit("SPOT000000", ActivateKit.forPatient("p", true)))
                .isInstanceOf(SpotApiException.NotFound.class);

        SpotClient wrong = client("wrong-key-value");
        List<Runnable> calls = List.of(
                () -> wrong.createRequisition(requisition("BC-4001", "CA"), Optional::empty),
                () -> wrong.listRequisitions(Map.of(), 0, 10),
                () -> wrong.retrieveRequisition("x"),
                () -> wrong.createPatient(patient()),
                () -> wrong.createRegistrationToken(new RegistrationTokenRequest("p", null)),
                () -> wrong.activateKit("SPOT000000", ActivateKit.forPatient("p", true)));
        for (Runnable call : calls) {
            assertThatThrownBy(call::run).isInstanceOfSatisfying(SpotApiException.Configuration.class,
                    e -> assertThat(e.status()).isEqualTo(401)).hasMessageNotContaining("wrong-key-value");
        }
        assertThat(sim.requisitionCount()).isZero();
    }

    private static CreatePatient patient() {
        return new CreatePatient(Orders.FIRST, Orders.LAST, Orders.EMAIL, "F", LocalDate.parse(Orders.BIRTH_DATE),
                Orders.PHONE);
    }

    @Test
    void aPatientIsCreatedAndABadOneRefusedNamingEachField() {
        SpotClient client = client(Simulators.API_KEY);
        Patient created = client.createPatient(patient());
        assertThat(created.patientId()).isNotBlank();
        assertThat(created.dateOfBirth()).isEqualTo(LocalDate.parse(Orders.BIRTH_DATE));
        assertThatThrownBy(() -> client.createPatient(new CreatePatient("A", null, null, "U", null, null)))
                .isInstanceOfSatisfying(SpotApiException.BadRequest.class, e -> assertThat(String.join("|",
                        e.details())).contains("last_name", "email", "sex must be one of M, F", "date_of_birth"));
    }

    @Test
    void aRegistrationTokenLastsTenMinutesOnTheSimulatorsClock() {
        SpotClient client = client(Simulators.API_KEY);
        Patient patient = client.createPatient(patient());
        RegistrationToken token = client.createRegistrationToken(new RegistrationTokenRequest(patient.patientId(),
                "health_kit_1"));
        assertThat(token.token()).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
        assertThat(token.toString()).doesNotContain(token.token());
        assertThat(token.expiresAt()).contains(clock.instant().plus(Duration.ofMinutes(10)));
        assertThat(sim.registrationTokenStatus(token.token())).isEqualTo("VALID");
        clock.advance(Duration.ofMinutes(9).plusSeconds(59));
        assertThat(sim.registrationTokenStatus(token.token())).isEqualTo("VALID");
        clock.advance(Duration.ofSeconds(1));
        assertThat(sim.registrationTokenStatus(token.token())).isEqualTo("EXPIRED");

        assertThatThrownBy(() -> client.createRegistrationToken(new RegistrationTokenRequest("no-such-patient", null)))
                .isInstanceOfSatisfying(SpotApiException.BadRequest.class,
                        e -> assertThat(e.details().get(0)).contains("patient_id"));
        assertThatThrownBy(() -> client.createRegistrationToken(new RegistrationTokenRequest(null, null)))
                .isInstanceOfSatisfying(SpotApiException.BadRequest.class,
                        e -> assertThat(e.details().get(0)).contains("The patient_id field is required"));
    }

    @Test
    void aKitIsActivatedOnceForAPatientOrAPersonAndABadBodyNamesEachField() {
        SpotClient client = client(Simulators.API_KEY);
        Order order = client.createOrder(new io.spotlink.intake.SpotOrderMapper(io.spotlink.intake.TestCodeMap.load(
                Path.of("config/test-codes.properties"))).toCreateOrder(Orders.valid("A-1"), "EPIC-TEST"));
        clock.advance(Duration.ofHours(1)); // the kits appear
        Order withKits = client.retrieveOrder(order.orderId());
        String kitId = withKits.kits().get(0).kitId();
        Patient patient = client.createPatient(patient());

        assertThat(client.activateKit(kitId, ActivateKit.forPatient(patient.patientId(), true)).succeeded()).isTrue();
        assertThatThrownBy(() -> client.activateKit(kitId, ActivateKit.forPatient(patient.patientId(), true)))
                .isInstanceOfSatisfying(SpotApiException.BadRequest.class,
                        e -> assertThat(e.details().get(0)).contains("already activated"));

        Order second = client.createOrder(new io.spotlink.intake.SpotOrderMapper(io.spotlink.intake.TestCodeMap.load(
                Path.of("config/test-codes.properties"))).toCreateOrder(Orders.valid("A-2"), "EPIC-TEST"));
        clock.advance(Duration.ofHours(1));
        String otherKit = client.retrieveOrder(second.orderId()).kits().get(0).kitId();
        assertThatThrownBy(() -> client.activateKit(otherKit, new ActivateKit(null, "A", null, null, "X", null, null,
                null, null, null, null, null, null))).isInstanceOfSatisfying(SpotApiException.BadRequest.class,
                e -> assertThat(String.join("|", e.details())).contains("research_consent", "last_name", "street1",
                        "city", "state", "zip", "phone", "email", "sex must be one of M, F", "date_of_birth"));
        assertThatThrownBy(() -> client.activateKit(otherKit, ActivateKit.forPatient("no-such-patient", false)))
                .isInstanceOfSatisfying(SpotApiException.BadRequest.class,
                        e -> assertThat(e.details().get(0)).contains("patient_id"));
        assertThat(client.activateKit(otherKit, ActivateKit.forPerson(Orders.FIRST, Orders.LAST,
                LocalDate.parse(Orders.BIRTH_DATE), "F", new Address(Orders.STREET, null, "San Francisco", "CA", "US",
                        "94105"), Orders.EMAIL, Orders.PHONE, false)).result()).isEqualTo("success");
    }
}
