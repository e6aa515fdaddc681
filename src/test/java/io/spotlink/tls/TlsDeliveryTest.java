package io.spotlink.tls;

import com.zaxxer.hikari.HikariDataSource;
import io.spotlink.demo.MllpEhrListener;
import io.spotlink.intake.hl7.GuardedMllpComponent;
import io.spotlink.ledger.LedgerDatabase;
import io.spotlink.delivery.Delivery;
import io.spotlink.delivery.DeliveryDispatcher;
import io.spotlink.delivery.DeliveryLedger;
import io.spotlink.delivery.DeliveryPolicy;
import io.spotlink.delivery.DeliveryStatus;
import io.spotlink.support.TestKeystores;
import io.spotlink.support.YamlRoutes;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An MLLP destination with spotlink.destination.<name>.tls.* against a TLS EHR (an SSLServerSocket on 127.0.0.1 that
 * requires a client certificate and answers AA): the route and its TLS bean built as the bundle builds them.
 */
class TlsDeliveryTest {

    private static final String ORU = "MSH|^~\\&|SPOTLINK|SPOT|EHR|HOSP|20260101120000||ORU^R01^ORU_R01|PENDING|P|2.5.1"
            + "|||||||UNICODE UTF-8\rPID|1||MRN1^^^HOSP^MR\rOBR|1|PLACER1|O1234567|HDL\r"
            + "OBX|1|NM|2085-9^HDL^LN||123|mg/dL^mg/dL^UCUM|20-200|N|||F\r";

    @TempDir
    static Path keys;
    @TempDir
    Path dir;
    private static TestKeystores pki;
    private MllpEhrListener ehr;
    private HikariDataSource dataSource;
    private DeliveryLedger ledger;
    private DefaultCamelContext camel;

    @BeforeAll
    static void makeKeys() throws Exception {
        pki = TestKeystores.create(keys); // keytool runs take seconds: one PKI for the class
    }

    @BeforeEach
    void start() throws Exception {
        dataSource = LedgerDatabase.open("jdbc:h2:file:" + dir.resolve("ledger"), "sa", "", 4);
        ledger = new DeliveryLedger(dataSource, Clock.systemUTC(), Duration.ofMinutes(2));
    }

    @AfterEach
    void stop() throws Exception {
        if (camel != null) {
            camel.stop();
        }
        if (ehr != null) {
            ehr.close();
        }
        dataSource.close();
    }

    /** A TLS EHR on 127.0.0.1 that requires a client certificate signed by the test CA. */
    private void startEhr(SSLContext tls) throws Exception {
        SSLServerSocket server = (SSLServerSocket) tls.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        server.setNeedClientAuth(true);
        ehr = MllpEhrListener.listen(server);
    }

    /**
     * Destination tls-ehr with TLS on, trusting the test CA; with the client's keystore when {@code mutual}; extra
     * settings of the destination's TLS group ({@code tls.<key>}).
     */
    private DeliveryDispatcher dispatcher(boolean mutual, String... tlsSettings) throws Exception {
        Properties props = new Properties();
        String prefix = "spotlink.destination.tls-ehr.";
        props.put(prefix + "type", "mllp");
        props.put(prefix + "host", "127.0.0.1");
        props.put(prefix + "port", Integer.toString(ehr.port()));
        props.put(prefix + "connect-timeout", "2000");
        props.put(prefix + "ack-timeout", "2000");
        props.put(prefix + "tls.enabled", "true");
        props.put(prefix + "tls.truststore-file", pki.truststore().toString());
        props.put(prefix + "tls.truststore-password", TestKeystores.PASSWORD);
        if (mutual) {
            props.put(prefix + "tls.keystore-file", pki.clientKeystore().toString());
            props.put(prefix + "tls.keystore-password", TestKeystores.PASSWORD);
        }
        for (int i = 0; i < tlsSettings.length; i += 2) {
            props.put(prefix + "tls." + tlsSettings[i], tlsSettings[i + 1]);
        }
        props.put("camel.component.mllp.log-phi", "false");
        camel = new DefaultCamelContext();
        camel.getPropertiesComponent().setInitialProperties(props);
        camel.getRegistry().bind("mllp", new GuardedMllpComponent()); // as SpotlinkBeans binds it
        YamlRoutes.load(camel, "errors-to-caller.yaml", "oru-deliver-mllp.yaml");
        YamlRoutes.bindDestinations(camel);
        TlsBeans.bindDestinations(camel); // as TlsBeans does in the bundle
        camel.start();
        return new DeliveryDispatcher(camel, ledger, new DeliveryPolicy(3, Duration.ofMinutes(1), Duration.ofMinutes(1),
                10), List.of("tls-ehr"), "SL");
    }

    private Delivery queue(String reportId) {
        return ledger.enqueue(reportId, 'F', "O1234567", "SPOT123456", "p1", "tls-ehr", ORU, null).orElseThrow();
    }

    @Test
    void anOruIsDeliveredOverMutualTlsAndAcknowledged() throws Exception {
        startEhr(pki.serverContext());
        DeliveryDispatcher dispatcher = dispatcher(true);
        Delivery d = queue("R1");
        assertThat(dispatcher.dispatchDue()).isEqualTo(1);
        Delivery done = ledger.find(d.id()).orElseThrow();
        assertThat(done.status()).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(done.ackCode()).isEqualTo("AA");
        assertThat(ehr.received()).hasSize(1);
        assertThat(ehr.received().get(0)).contains("OBX|1|NM|2085-9^HDL^LN");
    }

    @Test
    void withoutAClientCertificateTheEhrRefusesTheConnectionAndTheDeliveryWaitsForARetry() throws Exception {
        startEhr(pki.serverContext());
        DeliveryDispatcher dispatcher = dispatcher(false);
        Delivery d = queue("R2");
        dispatcher.dispatchDue();
        Delivery waiting = ledger.find(d.id()).orElseThrow();
        assertThat(waiting.status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(waiting.lastError()).isNotBlank();
        assertThat(ehr.received()).isEmpty();
    }

    @Test
    void aServerWhoseCertificateNamesAnotherHostIsNotSentTheOru() throws Exception {
        startEhr(pki.serverContextForAnotherHost()); // signed by the trusted CA, but for ehr.elsewhere.example
        DeliveryDispatcher dispatcher = dispatcher(true);
        Delivery d = queue("R3");
        dispatcher.dispatchDue();
        assertThat(ledger.find(d.id()).orElseThrow().status()).isEqualTo(DeliveryStatus.PENDING);
        assertThat(ehr.received()).as("the ORU never left over a connection to the wrong host").isEmpty();
    }

    @Test
    void verifyHostnameFalseAcceptsAnyCertificateOfTheTrustedCa() throws Exception {
        startEhr(pki.serverContextForAnotherHost());
        DeliveryDispatcher dispatcher = dispatcher(true, "verify-hostname", "false");
        Delivery d = queue("R4");
        dispatcher.dispatchDue();
        assertThat(ledger.find(d.id()).orElseThrow().status()).isEqualTo(DeliveryStatus.DELIVERED);
        assertThat(ehr.received()).hasSize(1);
    }
}
