package io.spotlink.tls;

import io.spotlink.sim.SpotSimulator;
import io.spotlink.spot.SpotJson;
import io.spotlink.support.MllpClient;
import io.spotlink.support.Orders;
import io.spotlink.support.RunningBundle;
import io.spotlink.support.Simulators;
import io.spotlink.support.TestKeystores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The bundle with TLS on both listeners, from keystores made by keytool: HTTPS on the HTTP port (orders, health) and
 * mutual TLS on the MLLP intake (spotlink.intake.mllp.tls.client-auth = REQUIRE).
 */
class TlsIntakeTest {

    private static final String ORM = String.join("\r",
            "MSH|^~\\&|EPIC|GENHOSP|SPOTLINK|SPOT|20261122120000||ORM^O01^ORM_O01|%s|P|2.5.1||||||UNICODE UTF-8",
            "PID|1||MRN-%s^^^GENHOSP^MR||Doe^Jane||19850314|F|||1 Main St^^San Francisco^CA^94105^USA"
                    + "||^PRN^PH^^1^415^5550100~^NET^Internet^jane.doe@example.org",
            "ORC|NW|%s||||||||||1234567893^Chen^Lisa",
            "OBR|1|%s||LIPID^Lipid panel^L") + "\r";

    @TempDir
    static Path dir;
    private static SpotSimulator sim;
    private static RunningBundle bundle;
    private static TestKeystores pki;

    @BeforeAll
    static void start() throws Exception {
        pki = TestKeystores.create(dir.resolve("pki"));
        sim = Simulators.start();
        bundle = RunningBundle.start(dir, sim.baseUrl(), Simulators.API_KEY, Map.ofEntries(
                Map.entry("spotlink.results.poll-enabled", "false"),
                Map.entry("spotlink.tls.http.enabled", "true"),
                Map.entry("spotlink.tls.http.keystore-file", pki.serverKeystore().toString()),
                Map.entry("spotlink.tls.http.keystore-password", TestKeystores.PASSWORD),
                Map.entry("spotlink.intake.mllp.tls.enabled", "true"),
                Map.entry("spotlink.intake.mllp.tls.keystore-file", pki.serverKeystore().toString()),
                Map.entry("spotlink.intake.mllp.tls.keystore-password", TestKeystores.PASSWORD),
                Map.entry("spotlink.intake.mllp.tls.client-auth", "REQUIRE"),
                Map.entry("spotlink.intake.mllp.tls.truststore-file", pki.truststore().toString()),
                Map.entry("spotlink.intake.mllp.tls.truststore-password", TestKeystores.PASSWORD)));
    }

    @AfterAll
    static void stop() {
        if (bundle != null) {
            bundle.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    private static String httpsUrl(String path) {
        return bundle.baseUrl().replace("http://", "https://") + path;
    }

    private static HttpResponse<String> postOrder(HttpClient client, String url, String sourceId) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(SpotJson.mapper().writeValueAsString(Orders.valid(sourceId))))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpClient client(SSLContext tls) {
        return HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Test
    void ordersArePostedOverHttpsByAClientThatTrustsTheServersCa() throws Exception {
        HttpResponse<String> created = postOrder(client(pki.clientContext(false)), httpsUrl("/orders"), "TLS-H-1");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(SpotJson.mapper().readTree(created.body()).path("spot_order_id").asText()).matches("O\\d{7}");
    }

    @Test
    void aClientWithoutTheTruststoreRefusesTheServerAndPlainHttpIsNotServed() throws Exception {
        int before = sim.orderCount();
        assertThatThrownBy(() -> postOrder(client(SSLContext.getDefault()), httpsUrl("/orders"), "TLS-H-2"))
                .isInstanceOf(SSLException.class);
        assertThatThrownBy(() -> postOrder(HttpClient.newHttpClient(), bundle.baseUrl() + "/orders", "TLS-H-3"))
                .isInstanceOf(IOException.class);
        assertThat(sim.orderCount()).isEqualTo(before);
    }

    @Test
    void healthIsServedOverHttpsOnTheSamePort() throws Exception {
        HttpResponse<String> live = client(pki.clientContext(false)).send(HttpRequest.newBuilder(
                URI.create(httpsUrl("/observe/health/live"))).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(live.statusCode()).isEqualTo(200);
    }

    @Test
    void anEngineWithItsCertificateGetsAaOverMllpTls() throws Exception {
        Optional<byte[]> ack = sendOverTls(pki.clientContext(true), ORM.formatted("TLS0001", "1", "PL-TLS-1",
                "PL-TLS-1"));
        assertThat(ack).isPresent();
        String text = new String(ack.get(), StandardCharsets.UTF_8);
        assertThat(text).contains("MSA|AA|TLS0001");
    }

    @Test
    void anEngineWithoutACertificateIsRefusedAndNothingIsCreated() throws Exception {
        int before = sim.orderCount();
        Optional<byte[]> ack = sendOverTls(pki.clientContext(false), ORM.formatted("TLS0002", "2", "PL-TLS-2",
                "PL-TLS-2"));
        assertThat(ack).as("no answer without a client certificate").isEmpty();
        Optional<byte[]> plain = MllpClient.sendBytes(mllpPort(), MllpClient.frame(ORM.formatted("TLS0003", "3",
                "PL-TLS-3", "PL-TLS-3").getBytes(StandardCharsets.UTF_8)), 30_000);
        assertThat(plain).as("no answer over plain TCP").isEmpty();
        assertThat(sim.orderCount()).isEqualTo(before);
    }

    private static int mllpPort() {
        return Integer.parseInt(bundle.setting("spotlink.intake.mllp.port"));
    }

    /** One framed message over TLS and its framed reply; empty when the handshake or the connection is refused. */
    private static Optional<byte[]> sendOverTls(SSLContext tls, String message) throws IOException {
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", mllpPort())) {
            socket.setSoTimeout(30_000);
            socket.startHandshake();
            OutputStream out = socket.getOutputStream();
            out.write(MllpClient.frame(message.getBytes(StandardCharsets.UTF_8)));
            out.flush();
            return MllpClient.readReply(socket.getInputStream());
        } catch (SSLException | SocketException refused) {
            return Optional.empty();
        }
    }
}
