package io.spotlink.routes;

import org.apache.camel.BeanInject;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWithRouteBuilder;
import org.apache.camel.component.mllp.MllpAcknowledgementException;
import org.apache.camel.component.mllp.MllpApplicationErrorAcknowledgementException;
import org.apache.camel.component.mllp.MllpApplicationRejectAcknowledgementException;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.main.junit5.AdviceRouteMapping;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.spotlink.routes.RouteAdvice.CONFIG;
import static io.spotlink.routes.RouteAdvice.CONFIG_DIR;
import static io.spotlink.routes.RouteAdvice.NO_MANAGEMENT;
import static io.spotlink.routes.RouteAdvice.NO_METRICS;
import static io.spotlink.routes.RouteAdvice.NO_SERVER;
import static io.spotlink.routes.RouteAdvice.PLAIN_ROUTE_CONTROLLER;
import static io.spotlink.routes.RouteAdvice.ROUTES;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The four ORU route templates as shipped (routes/oru-deliver-{mllp,file,sftp,jms}.yaml), each tested through a
 * templatedRoute instance (src/test/resources/advice/oru-destinations.yaml) whose outbound endpoint is advised into a
 * mock that answers as the EHR would: the ORU leaves unchanged with the headers its destination needs, the
 * destination's settings are on the endpoint, the ACK comes back to the dispatcher, and a NAK or a failure reaches
 * the dispatcher as it happened, once (errors-to-caller: the dispatcher's ledger decides about retries).
 */
@CamelMainTest(
        propertyPlaceholderLocations = CONFIG,
        properties = {CONFIG_DIR, NO_SERVER, NO_MANAGEMENT, NO_METRICS, PLAIN_ROUTE_CONTROLLER,
            ROUTES + "file:routes/errors-to-caller.yaml,file:routes/oru-deliver-*.yaml,"
                    + "classpath:advice/oru-destinations.yaml"},
        advices = {
            @AdviceRouteMapping(route = "oru-deliver-north-ehr", advice = DeliveryRoutesAdviceTest.EhrMock.class),
            @AdviceRouteMapping(route = "oru-deliver-archive", advice = DeliveryRoutesAdviceTest.EhrMock.class),
            @AdviceRouteMapping(route = "oru-deliver-south-ehr", advice = DeliveryRoutesAdviceTest.EhrMock.class),
            @AdviceRouteMapping(route = "oru-deliver-bus", advice = DeliveryRoutesAdviceTest.EhrMock.class)})
class DeliveryRoutesAdviceTest {

    static final Set<String> COVERS = Set.of("oru-deliver-mllp", "oru-deliver-file", "oru-deliver-sftp",
            "oru-deliver-jms");

    private static final long BOUND = 5;
    private static final String ORU = "MSH|^~\\&|SPOTLINK|SPOT|EHR|HOSP|20260101120000||ORU^R01^ORU_R01|SL7-1|P|2.5.1\r"
            + "PID|1||PATID-1\r";
    private static final Map<String, Object> HEADERS = Map.of("SpotlinkControlId", "SL7-1", "SpotlinkReportId", "R9",
            "SpotlinkResultStatus", "F", "SpotlinkSpotOrderId", "O1234567", "SpotlinkDeliveryId", 7L);
    private static final String FILE_NAME = "O1234567-R9-F-SL7-1.hl7";

    /** The destination's outbound endpoint gets a mock in front (mock:<scheme>:<path>), and nothing leaves. */
    public static class EhrMock extends AdviceWithRouteBuilder {
        @Override
        public void configure() throws Exception {
            mockEndpointsAndSkip("mllp:*", "file:*", "sftp:*", "jms:*");
        }
    }

    @BeanInject
    CamelContext camel;

    /** The real endpoint of this scheme, as its template and instance resolved it (the mock stands in front). */
    private String endpointUri(String scheme) {
        return camel.getEndpoints().stream().map(org.apache.camel.Endpoint::getEndpointUri)
                .filter(u -> u.startsWith(scheme + "://")).findFirst().orElseThrow();
    }

    /** The mock standing for the destination's endpoint of this scheme. */
    private MockEndpoint outbound(String scheme) {
        return camel.getEndpoints().stream().filter(MockEndpoint.class::isInstance).map(MockEndpoint.class::cast)
                .filter(m -> m.getEndpointUri().startsWith("mock://" + scheme + ":")).findFirst().orElseThrow();
    }

    private Exchange deliver(String destination) {
        return camel.createProducerTemplate().request("direct:oru-deliver-" + destination, e -> {
            e.getMessage().setBody(ORU);
            HEADERS.forEach(e.getMessage()::setHeader);
        });
    }

    private static String ack(String code) {
        return "MSH|^~\\&|EHR|HOSP|SPOTLINK|SPOT|20260101120001||ACK^R01^ACK|A1|P|2.5.1\rMSA|" + code + "|SL7-1\r";
    }

    @Test
    void mllpSendsTheOruWithItsTimeoutsAndHandsTheAckBack() throws Exception {
        MockEndpoint ehr = outbound("mllp");
        assertThat(endpointUri("mllp")).startsWith("mllp://127.0.0.1:2599").contains("receiveTimeout=750",
                "readTimeout=750", "connectTimeout=5000", "charsetName=UTF-8");
        // what camel-mllp does with an AA: the ACK in a header, for the dispatcher to check MSA-1 and MSA-2
        ehr.whenAnyExchangeReceived(e -> e.getMessage().setHeader("CamelMllpAcknowledgementString", ack("AA")));
        ehr.expectedBodiesReceived(ORU);
        ehr.expectedHeaderReceived("SpotlinkControlId", "SL7-1");

        Exchange answer = deliver("north-ehr");

        MockEndpoint.assertIsSatisfied(camel, BOUND, TimeUnit.SECONDS);
        assertThat(answer.getException()).isNull();
        assertThat(answer.getMessage().getHeader("CamelMllpAcknowledgementString", String.class))
                .contains("MSA|AA|SL7-1");
    }

    @Test
    void mllpHandsANakToTheDispatcherWithItsAckOnceWithoutResending() throws Exception {
        MockEndpoint ehr = outbound("mllp");
        // what camel-mllp throws for AE and AR: the NAK's bytes travel with it
        ehr.whenExchangeReceived(1, e -> {
            throw new MllpApplicationErrorAcknowledgementException(ORU.getBytes(StandardCharsets.UTF_8),
                    ack("AE").getBytes(StandardCharsets.UTF_8), false);
        });
        ehr.whenExchangeReceived(2, e -> {
            throw new MllpApplicationRejectAcknowledgementException(ORU.getBytes(StandardCharsets.UTF_8),
                    ack("AR").getBytes(StandardCharsets.UTF_8), false);
        });
        ehr.expectedMessageCount(2);

        Exception error = deliver("north-ehr").getException();
        Exception reject = deliver("north-ehr").getException();

        MockEndpoint.assertIsSatisfied(camel, BOUND, TimeUnit.SECONDS);
        assertThat(error).isInstanceOf(MllpAcknowledgementException.class);
        assertThat(new String(((MllpAcknowledgementException) error).getHl7AcknowledgementBytes(),
                StandardCharsets.UTF_8)).contains("MSA|AE|SL7-1");
        assertThat(new String(((MllpAcknowledgementException) reject).getHl7AcknowledgementBytes(),
                StandardCharsets.UTF_8)).contains("MSA|AR|SL7-1");
    }

    @Test
    void fileWritesTheOruUnderItsOrderReportStatusAndControlIdNeverOverwriting() throws Exception {
        MockEndpoint folder = outbound("file");
        assertThat(endpointUri("file")).startsWith("file://target/advice-oru-archive")
                .contains("fileExist=Ignore", "tempPrefix=.writing-", "charset=UTF-8");
        folder.expectedBodiesReceived(ORU);
        folder.expectedHeaderReceived("CamelFileName", FILE_NAME);

        Exchange answer = deliver("archive");

        MockEndpoint.assertIsSatisfied(camel, BOUND, TimeUnit.SECONDS);
        assertThat(answer.getException()).isNull();
        assertThat(answer.getMessage().getHeader("CamelMllpAcknowledgementString")).as("written, not acknowledged")
                .isNull();
    }

    @Test
    void aFolderThatCannotBeWrittenFailsTheDeliveryOnce() throws Exception {
        MockEndpoint folder = outbound("file");
        folder.whenAnyExchangeReceived(e -> {
            throw new IOException("disk full");
        });
        folder.expectedMessageCount(1);

        Exception failure = deliver("archive").getException();

        MockEndpoint.assertIsSatisfied(camel, BOUND, TimeUnit.SECONDS);
        assertThat(failure).isInstanceOf(IOException.class).hasMessage("disk full");
    }

    @Test
    void sftpUploadsWithTheDestinationsLoginAndHostKeyChecking() throws Exception {
        MockEndpoint server = outbound("sftp");
        assertThat(endpointUri("sftp")).startsWith("sftp://127.0.0.1:2222/inbound")
                .contains("username=RAW(ehr)", "knownHostsFile=RAW(target/known_hosts)", "strictHostKeyChecking=yes",
                        "tempPrefix=.writing-").doesNotContain("{{");
        server.expectedBodiesReceived(ORU, ORU);
        server.expectedHeaderReceived("CamelFileName", FILE_NAME);
        server.whenExchangeReceived(2, e -> {
            throw new IOException("connection reset");
        });

        assertThat(deliver("south-ehr").getException()).isNull();
        assertThat(deliver("south-ehr").getException()).hasMessage("connection reset");

        MockEndpoint.assertIsSatisfied(camel, BOUND, TimeUnit.SECONDS);
    }

    @Test
    void jmsPutsTheOruOnTheQueueWithTheControlIdAsCorrelationId() throws Exception {
        MockEndpoint queue = outbound("jms");
        assertThat(endpointUri("jms")).startsWith("jms://queue:results.oru")
                .contains("deliveryPersistent=true", "exchangePattern=InOnly");
        queue.expectedBodiesReceived(ORU);
        queue.expectedHeaderReceived("JMSCorrelationID", "SL7-1");

        Exchange answer = deliver("bus");

        MockEndpoint.assertIsSatisfied(camel, BOUND, TimeUnit.SECONDS);
        assertThat(answer.getException()).isNull();
    }

    @Test
    void eachDestinationIsARouteOfItsOwnFromItsTemplate() {
        assertThat(camel.getRoutes()).extracting(r -> r.getRouteId()).contains("oru-deliver-north-ehr",
                "oru-deliver-archive", "oru-deliver-south-ehr", "oru-deliver-bus");
        assertThat(camel.getRoute("oru-deliver-north-ehr").getEndpoint().getEndpointUri())
                .isEqualTo("direct://oru-deliver-north-ehr");
    }
}
