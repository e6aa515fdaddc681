package io.spotlink.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import io.spotlink.ledger.OrderLedger;
import io.spotlink.sim.SpotSimulator;
import io.spotlink.spot.SpotJson;
import io.spotlink.support.LogCapture;
import io.spotlink.support.MllpClient;
import io.spotlink.support.Orders;
import io.spotlink.support.RunningBundle;
import io.spotlink.support.Simulators;
import org.apache.camel.Route;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The bad-input corpus (src/test/resources/bad-input/&lt;channel&gt;/), sent over real sockets, the broker and
 * folders to one running bundle. For every case: the expected specific error, no route stopped, the original kept
 * where an operator finds it, and a valid order right after still succeeds. After the whole corpus, no PHI value
 * and no secret in any captured log line. {@code -Dcorpus.channel=mllp} runs one channel's cases.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputCorpusTest {

    static final String CALLBACK_SECRET = "corpus-callback-secret-Qm4Lx8";
    static final String JMS_USER = "corpus-jms";
    static final String JMS_PASSWORD = "corpus-jms-password-Tz7Wq2";

    @TempDir
    static Path dir;
    private LogCapture logs;
    private SpotSimulator sim;
    private RunningBundle bundle;
    private CorpusChannels channels;
    private Set<String> startedRoutes;
    private final Set<String> phi = new LinkedHashSet<>();
    private final AtomicInteger validOrders = new AtomicInteger();

    @BeforeAll
    void start() throws Exception {
        logs = LogCapture.atDebug();
        sim = Simulators.start();
        Map<String, String> settings = new HashMap<>();
        settings.put("spotlink.results.poll-enabled", "false");
        settings.put("spotlink.intake.retry.enabled", "false");
        settings.put("spotlink.callback.secret", CALLBACK_SECRET);
        settings.put("spotlink.jms.username", JMS_USER);
        settings.put("spotlink.jms.password", JMS_PASSWORD);
        settings.put("spotlink.intake.rejected.directory", dir.resolve("rejected").toString());
        // the two cases of clients that are not MLLP wait for these to close their connection
        settings.put("spotlink.intake.mllp.idle-timeout", "3000");
        settings.put("spotlink.intake.mllp.read-timeout", "1000");
        bundle = RunningBundle.start(dir.resolve("bundle"), sim.baseUrl(), Simulators.API_KEY, settings);
        channels = new CorpusChannels(bundle, CALLBACK_SECRET, JMS_USER, JMS_PASSWORD);
        startedRoutes = new LinkedHashSet<>();
        for (Route route : bundle.context().getRoutes()) {
            if (bundle.context().getRouteController().getRouteStatus(route.getRouteId()).isStarted()) {
                startedRoutes.add(route.getRouteId());
            }
        }
        phi.addAll(List.of(Orders.FIRST, Orders.LAST, Orders.EMAIL, Orders.PHONE, Orders.STREET, Orders.BIRTH_DATE,
                "19840719", Simulators.API_KEY, CALLBACK_SECRET, JMS_PASSWORD));
    }

    @AfterAll
    void stop() throws Exception {
        if (channels != null) {
            channels.close();
        }
        if (bundle != null) {
            bundle.close();
        }
        if (sim != null) {
            sim.close();
        }
        if (logs != null) {
            logs.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> corpus() throws Exception {
        List<CorpusCase> cases = CorpusCase.all(System.getProperty("corpus.channel"));
        List<DynamicTest> tests = new ArrayList<>();
        for (CorpusCase c : cases) {
            tests.add(DynamicTest.dynamicTest(c + ": " + c.option("description", ""), () -> run(c)));
        }
        tests.add(DynamicTest.dynamicTest("no PHI value and no secret in any log line after the corpus", this::noPhi));
        return tests.stream();
    }

    private void run(CorpusCase c) throws Exception {
        phi.addAll(PhiValues.of(c));
        CorpusChannels.Answer answer = channels.send(c);
        assertThat(answer.outcome()).as("outcome of " + c).isEqualToIgnoringCase(c.outcome());
        for (String expected : c.contains()) {
            assertThat(answer.text().toLowerCase()).as("error text of " + c + ": " + answer.text())
                    .contains(expected.toLowerCase());
        }
        assertThat(answer.keptOriginal()).as("original of " + c + " kept where an operator finds it").isTrue();
        for (String id : startedRoutes) {
            assertThat(bundle.context().getRouteController().getRouteStatus(id).isStarted())
                    .as("route " + id + " still started after " + c).isTrue();
        }
        String after = "AFTER-" + c.channel().toUpperCase() + "-" + validOrders.incrementAndGet();
        channels.sendValid(c.channel(), after);
        OrderLedger ledger = bundle.bean("orderLedger", OrderLedger.class);
        await("a valid order right after " + c).atMost(Duration.ofSeconds(30))
                .until(() -> ledger.findBySource("EPIC-TEST", after).map(r -> r.spotOrderId() != null).orElse(false));
    }

    private void noPhi() {
        List<String> lines = logs.lines();
        assertThat(lines).as("the corpus run logged something").isNotEmpty();
        for (String value : phi) {
            assertThat(lines).as("log lines containing a PHI value or secret of the corpus")
                    .noneMatch(line -> line.contains(value));
        }
    }
}
