package io.spotlink.routes;

import io.spotlink.delivery.DeliveryDestinations;
import io.spotlink.delivery.DestinationRoutes;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.main.junit5.CamelMainTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The four ORU route templates (routes/oru-deliver-{mllp,file,sftp,jms}.yaml), each instantiated from
 * spotlink.destination.<name>.* keys as the bundle does, with the external endpoint advised into a mock: the route
 * exists under its destination's name, the endpoint carries that destination's settings, and the ORU arrives with the
 * headers its destination needs (file name, JMS correlation id).
 */
@CamelMainTest(configurationClasses = OruDeliverTemplatesTest.Destinations.class, properties = {
        "camel.main.routes-include-pattern=file:routes/errors-to-caller.yaml,file:routes/oru-deliver-*.yaml",
        "camel.component.mllp.log-phi=false",
        "spotlink.destination.north-ehr.type=mllp",
        "spotlink.destination.north-ehr.host=127.0.0.1",
        "spotlink.destination.north-ehr.port=2599",
        "spotlink.destination.north-ehr.ack-timeout=750",
        "spotlink.destination.archive.type=file",
        "spotlink.destination.archive.directory=target/oru-archive",
        "spotlink.destination.south-ehr.type=sftp",
        "spotlink.destination.south-ehr.host=127.0.0.1",
        "spotlink.destination.south-ehr.port=2222",
        "spotlink.destination.south-ehr.directory=inbound",
        "spotlink.destination.south-ehr.username=ehr",
        "spotlink.destination.south-ehr.known-hosts-file=target/known_hosts",
        "spotlink.destination.bus.type=jms",
        "spotlink.destination.bus.queue=results.oru"})
class OruDeliverTemplatesTest {

    private static final String ORU = "MSH|^~\\&|SPOTLINK|SPOT|EHR|HOSP|20260101120000||ORU^R01^ORU_R01|SL7-1|P|2.5.1\r";
    private static final Map<String, Object> HEADERS = Map.of("SpotlinkControlId", "SL7-1", "SpotlinkReportId", "R9",
            "SpotlinkResultStatus", "F", "SpotlinkSpotOrderId", "O1234567", "SpotlinkDeliveryId", 7L);

    /** Binds the destinations' routes, as ResultsBeans does in the bundle. */
    public static class Destinations implements CamelConfiguration {
        @Override
        public void configure(CamelContext context) {
            context.getRegistry().bind("oruDestinationRoutes",
                    new DestinationRoutes(DeliveryDestinations.of(context)));
        }
    }

    @BeanInject
    CamelContext context;

    private String endpointUri;

    /**
     * Advises the destination's route so its external endpoint is a mock, and sends it an ORU; returns that mock.
     * The real endpoint's URI, as the template resolved it, is kept in endpointUri.
     */
    private MockEndpoint deliverThrough(String destination, String scheme) throws Exception {
        String routeId = "oru-deliver-" + destination;
        assertThat(context.getRoute(routeId)).as(routeId + " created from its template").isNotNull();
        endpointUri = context.getEndpoints().stream().map(Endpoint::getEndpointUri)
                .filter(u -> u.startsWith(scheme + "://")).findFirst().orElseThrow();
        AdviceWith.adviceWith(context, routeId, a -> a.mockEndpointsAndSkip(scheme + ":*"));
        ProducerTemplate producer = context.createProducerTemplate();
        producer.sendBodyAndHeaders("direct:" + routeId, ORU, HEADERS);
        return context.getEndpoints().stream().filter(e -> e instanceof MockEndpoint)
                .map(MockEndpoint.class::cast).filter(m -> m.getEndpointUri().startsWith("mock://" + scheme + ":"))
                .findFirst().orElseThrow();
    }

    @Test
    void mllpSendsTheOruToTheDestinationsListenerWithItsTimeouts() throws Exception {
        MockEndpoint ehr = deliverThrough("north-ehr", "mllp");
        assertThat(endpointUri).startsWith("mllp://127.0.0.1:2599").contains("receiveTimeout=750", "readTimeout=750",
                "connectTimeout=5000", "charsetName=UTF-8");
        ehr.expectedBodiesReceived(ORU);
        ehr.assertIsSatisfied();
    }

    @Test
    void fileWritesTheOruUnderItsOrderReportStatusAndControlId() throws Exception {
        MockEndpoint folder = deliverThrough("archive", "file");
        assertThat(endpointUri).startsWith("file://target/oru-archive").contains("fileExist=Ignore",
                "tempPrefix=.writing-");
        folder.expectedBodiesReceived(ORU);
        folder.expectedHeaderReceived("CamelFileName", "O1234567-R9-F-SL7-1.hl7");
        folder.assertIsSatisfied();
    }

    @Test
    void sftpUploadsWithTheDestinationsLoginAndHostKeyChecking() throws Exception {
        MockEndpoint server = deliverThrough("south-ehr", "sftp");
        assertThat(endpointUri).startsWith("sftp://127.0.0.1:2222/inbound").contains("username=RAW(ehr)",
                "knownHostsFile=RAW(target/known_hosts)", "strictHostKeyChecking=yes").doesNotContain("{{", "%7B");
        server.expectedBodiesReceived(ORU);
        server.expectedHeaderReceived("CamelFileName", "O1234567-R9-F-SL7-1.hl7");
        server.assertIsSatisfied();
    }

    @Test
    void jmsPutsTheOruOnTheQueueWithTheControlIdAsCorrelationId() throws Exception {
        MockEndpoint queue = deliverThrough("bus", "jms");
        assertThat(endpointUri).startsWith("jms://queue:results.oru").contains("deliveryPersistent=true");
        queue.expectedBodiesReceived(ORU);
        queue.expectedHeaderReceived("JMSCorrelationID", "SL7-1");
        queue.assertIsSatisfied();
    }
}
