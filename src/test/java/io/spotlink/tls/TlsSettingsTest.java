package io.spotlink.tls;

import io.spotlink.support.TestKeystores;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLSocket;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A group of TLS settings into SSLContextParameters, and the messages of settings that cannot work. */
class TlsSettingsTest {

    private static final String P = "spotlink.destination.ehr.tls.";

    private static Function<String, Optional<String>> values(Map<String, String> values) {
        return key -> Optional.ofNullable(values.get(key));
    }

    @Test
    void offByDefault() {
        assertThat(TlsSettings.read(P, TlsSettings.Side.CLIENT, values(Map.of()))).isEmpty();
        assertThat(TlsSettings.read(P, TlsSettings.Side.SERVER, values(Map.of(P + "enabled", "false")))).isEmpty();
    }

    @Test
    void aClientChecksTheServersNameUnlessToldNotTo() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            assertThat(endpointIdentification(camel, Map.of(P + "enabled", "true"))).isEqualTo("HTTPS");
            assertThat(endpointIdentification(camel, Map.of(P + "enabled", "true", P + "verify-hostname", "false")))
                    .isNull();
        }
    }

    private static String endpointIdentification(DefaultCamelContext camel, Map<String, String> settings)
            throws Exception {
        SSLContextParameters tls = TlsSettings.read(P, TlsSettings.Side.CLIENT, values(settings)).orElseThrow();
        try (SSLSocket socket = (SSLSocket) tls.createSSLContext(camel).getSocketFactory().createSocket()) {
            assertThat(socket.getEnabledProtocols()).containsOnly("TLSv1.3", "TLSv1.2");
            return socket.getSSLParameters().getEndpointIdentificationAlgorithm();
        }
    }

    @Test
    void settingsThatCannotWorkAreNamed() {
        assertThatThrownBy(() -> TlsSettings.read(P, TlsSettings.Side.SERVER, values(Map.of(P + "enabled", "true"))))
                .hasMessage(P + "enabled is true but " + P + "keystore-file (the server's key and certificate) is not set");
        assertThatThrownBy(() -> TlsSettings.read(P, TlsSettings.Side.CLIENT, values(Map.of(P + "enabled", "true",
                P + "truststore-file", "/no/such/cas.p12"))))
                .hasMessage(P + "truststore-file names a file that does not exist or cannot be read: /no/such/cas.p12");
        assertThatThrownBy(() -> TlsSettings.read(P, TlsSettings.Side.SERVER, values(Map.of(P + "enabled", "true",
                P + "keystore-file", "pom.xml", P + "client-auth", "REQUIRE"))))
                .hasMessage(P + "client-auth is REQUIRE but " + P
                        + "truststore-file (the CA that signs the clients' certificates) is not set");
        assertThatThrownBy(() -> TlsSettings.read(P, TlsSettings.Side.SERVER, values(Map.of(P + "enabled", "true",
                P + "keystore-file", "pom.xml", P + "client-auth", "maybe"))))
                .hasMessage(P + "client-auth must be NONE, WANT or REQUIRE, not 'maybe'");
    }

    @Test
    void passwordsAreNeverPrinted() {
        SSLContextParameters tls = TlsSettings.read(P, TlsSettings.Side.CLIENT, values(Map.of(P + "enabled", "true",
                P + "truststore-file", "pom.xml", P + "truststore-password", TestKeystores.PASSWORD))).orElseThrow();
        assertThat(tls.toString()).doesNotContain(TestKeystores.PASSWORD);
    }
}
