package io.spotlink.ui;

import com.fasterxml.jackson.databind.JsonNode;
import io.spotlink.demo.MllpEhrListener;
import io.spotlink.demo.MllpEhrListener.Behaviour;
import io.spotlink.http.auth.ApiKeys;
import io.spotlink.ledger.OrderLedger;
import io.spotlink.delivery.Delivery;
import io.spotlink.delivery.DeliveryLedger;
import io.spotlink.delivery.DeliveryStatus;
import io.spotlink.sim.SpotSimulator;
import io.spotlink.spot.SpotJson;
import io.spotlink.support.Orders;
import io.spotlink.support.RunningBundle;
import io.spotlink.support.Simulators;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The operator page (/ui) and the JSON it reads (GET /orders, GET /status), with API keys on. The browser test drives
 * the page in headless Chromium: a delivery that the EHR answered AE is parked, shown with the EHR's text, replayed
 * from the page and seen delivered there; orders are searched by source order id.
 */
class OperatorPageTest {

    private static final String SUBMITTER = "submitter-key-ui";
    private static final String READER = "reader-key-ui";
    private static final String OPERATOR = "operator-key-ui";
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String ORU = "MSH|^~\\&|SPOTLINK|SPOT|EHR|HOSP|20260101120000||ORU^R01^ORU_R01|PENDING|P|2.5.1"
            + "|||||||UNICODE UTF-8\rPID|1||MRN1^^^HOSP^MR\rOBR|1|PLACER1|O1234567|HDL\r"
            + "OBX|1|NM|2085-9^HDL^LN||123|mg/dL^mg/dL^UCUM|20-200|N|||F\r";
    /** A source order id and an error that would run as markup if the page ever parsed data as HTML. */
    private static final String HOSTILE_ID = "<img src=x id=injected-id>";
    private static final String HOSTILE_ERROR = "<b id=injected-error>Spot said no</b>";

    @TempDir
    static Path dir;
    private static SpotSimulator sim;
    private static MllpEhrListener ehr;
    private static RunningBundle bundle;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        sim = Simulators.start();
        ehr = MllpEhrListener.start(0);
        bundle = RunningBundle.start(dir, sim.baseUrl(), Simulators.API_KEY, Map.ofEntries(
                Map.entry("spotlink.results.poll-enabled", "false"),
                Map.entry("spotlink.intake.jms.enabled", "false"),
                Map.entry("spotlink.deliver.file.enabled", "false"),
                Map.entry("spotlink.deliver.mllp.enabled", "true"),
                Map.entry("spotlink.deliver.mllp.host", "127.0.0.1"),
                Map.entry("spotlink.deliver.mllp.port", Integer.toString(ehr.port())),
                Map.entry("spotlink.deliver.mllp.ack-timeout", "3000"),
                Map.entry("spotlink.deliver.initial-delay", "200ms"),
                Map.entry("spotlink.auth.enabled", "true"),
                Map.entry("spotlink.auth.keys", String.join(",",
                        "engine:submitter:" + ApiKeys.hashOf(SUBMITTER),
                        "dashboard:reader:" + ApiKeys.hashOf(READER),
                        "ops:operator:" + ApiKeys.hashOf(OPERATOR)))));
        HttpResponse<String> created = new OperatorPageTest().send("POST", "/orders", SUBMITTER,
                SpotJson.mapper().writeValueAsString(Orders.valid("UI-1")));
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(new OperatorPageTest().send("POST", "/orders", SUBMITTER,
                SpotJson.mapper().writeValueAsString(Orders.valid("UI-2"))).statusCode()).isEqualTo(201);
        OrderLedger orders = bundle.bean("orderLedger", OrderLedger.class);
        orders.markFailed(orders.claim("EPIC-TEST", HOSTILE_ID, "MRN-H", "h", "{}").record().id(), HOSTILE_ERROR);
    }

    @AfterAll
    static void stop() throws Exception {
        if (bundle != null) {
            bundle.close();
        }
        ehr.close();
        sim.close();
    }

    @Test
    void thePageIsStaticFilesUnderAStrictContentSecurityPolicy() throws Exception {
        HttpResponse<String> page = send("GET", "/ui", null, null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("text/html"));
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .startsWith("default-src 'self'").doesNotContain("unsafe"));
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.body()).contains("<script src=\"/ui/app.js\" defer></script>")
                .doesNotContainPattern("<script>|<script [^>]*>[^<]+</script>|\\son[a-z]+=|style=");

        HttpResponse<String> script = send("GET", "/ui/app.js", null, null);
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("text/javascript"));
        assertThat(script.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(script.body()).contains("sessionStorage").doesNotContain("innerHTML").doesNotContain("localStorage");
        assertThat(send("GET", "/ui/app.css", null, null).statusCode()).isEqualTo(200);

        assertThat(send("GET", "/ui/../config/application.properties", null, null).statusCode()).isEqualTo(404);
        HttpResponse<String> unknown = send("GET", "/ui/logback.xml", null, null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Security-Policy")).isPresent();
        assertThat(send("POST", "/ui", null, "x").statusCode()).isEqualTo(405);
    }

    @Test
    void ordersAreListedBySourceIdAndStatusWithoutPatientFields() throws Exception {
        assertThat(send("GET", "/orders", null, null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/orders", SUBMITTER, null).statusCode()).isEqualTo(403);

        HttpResponse<String> all = send("GET", "/orders", READER, null);
        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(json(all).path("count").asInt()).isEqualTo(3);
        assertThat(all.body()).doesNotContain(Orders.FIRST).doesNotContain(Orders.LAST).doesNotContain("MRN-")
                .doesNotContain(Orders.BIRTH_DATE).doesNotContain("mrn").doesNotContain("payload");

        JsonNode one = json(send("GET", "/orders?source_order_id=UI-1", READER, null));
        assertThat(one.path("count").asInt()).isEqualTo(1);
        assertThat(one.path("orders").get(0).path("status").asText()).isEqualTo("submitted");
        assertThat(one.path("orders").get(0).path("spot_order_id").asText()).startsWith("O");

        JsonNode failed = json(send("GET", "/orders?status=failed", READER, null));
        assertThat(failed.path("orders")).extracting(o -> o.path("source_order_id").asText())
                .containsExactly(HOSTILE_ID);
        assertThat(json(send("GET", "/orders?limit=1", READER, null)).path("orders").get(0)
                .path("source_order_id").asText()).as("newest first").isEqualTo(HOSTILE_ID);
        assertThat(send("GET", "/orders?status=lost", READER, null).statusCode()).isEqualTo(400);
        assertThat(send("GET", "/orders?limit=100000", READER, null).statusCode()).isEqualTo(400);
    }

    @Test
    void statusShowsEachRouteTheReadinessChecksAndSpot() throws Exception {
        assertThat(send("GET", "/status", READER, null).statusCode()).isEqualTo(403);
        HttpResponse<String> response = send("GET", "/status", OPERATOR, null);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode status = json(response);
        assertThat(status.path("routes")).anySatisfy(route -> {
            assertThat(route.path("id").asText()).isEqualTo("oru-deliver-mllp");
            assertThat(route.path("status").asText()).isEqualTo("started");
        });
        assertThat(status.path("readiness").path("state").asText()).isEqualTo("UP");
        assertThat(status.path("readiness").path("checks")).extracting(c -> c.path("id").asText())
                .contains("ledger");
        assertThat(status.path("spot").path("state").asText()).isIn("UP", "CLOSED");
        assertThat(status.path("spot").path("source").asText()).isIn("routes", "circuit-breaker");
    }

    @Test
    void anOperatorReplaysAParkedDeliveryFromThePageAndSeesItDelivered() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "headless Chromium is not installed (/usr/bin/chromium): "
                + "apt-get install chromium chromium-driver, as .ci/run does");
        ehr.script(Behaviour.APPLICATION_ERROR);
        DeliveryLedger deliveries = bundle.bean("deliveryLedger", DeliveryLedger.class);
        Delivery queued = deliveries.enqueue("R-UI-1", 'F', "O1234567", "SPOT123456", "p-ui", "mllp", ORU, null)
                .orElseThrow();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                deliveries.find(queued.id()).orElseThrow().status() == DeliveryStatus.FAILED);

        WebDriver browser = chromium();
        try {
            browser.get(bundle.baseUrl() + "/ui");
            assertThat(browser.getTitle()).isEqualTo("Spotlink operator");
            assertThat(browser.findElements(By.cssSelector("#deliveries tbody tr"))).as("nothing without a key")
                    .isEmpty();

            browser.findElement(By.id("api-key")).sendKeys(OPERATOR);
            browser.findElement(By.id("use-key")).click();
            assertThat(browser.getCurrentUrl()).doesNotContain(OPERATOR);
            assertThat(browser.findElement(By.id("api-key")).getAttribute("value")).isEmpty();
            assertThat(((JavascriptExecutor) browser).executeScript(
                    "return sessionStorage.getItem('spotlink.operator-key')")).isEqualTo(OPERATOR);

            By parkedRow = By.cssSelector("#deliveries tr[data-delivery-id='" + queued.id() + "']");
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
                WebElement row = browser.findElement(parkedRow);
                assertThat(row.findElement(By.cssSelector(".delivery-status")).getText()).isEqualTo("failed");
                assertThat(row.findElement(By.cssSelector(".ack-text")).getText())
                        .contains("Patient not found in EHR");
            });

            // the page re-reads its tables every 10 s: a row found just before that is stale, so find it again
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() ->
                    browser.findElement(parkedRow).findElement(By.cssSelector("button.replay")).click());
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() ->
                    assertThat(browser.findElement(By.id("message")).getText())
                            .contains("Delivery " + queued.id() + " is back in line"));

            new Select(browser.findElement(By.id("delivery-status"))).selectByVisibleText("all");
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                    .untilAsserted(() -> {
                        browser.findElement(By.id("refresh-deliveries")).click();
                        assertThat(browser.findElement(parkedRow).findElement(By.cssSelector(".delivery-status"))
                                .getText()).isEqualTo("delivered");
                    });
            assertThat(ehr.received()).as("sent again after the replay").hasSize(2);

            browser.findElement(By.id("source-order-id")).sendKeys("UI-1");
            browser.findElement(By.id("search-orders")).click();
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
                List<WebElement> rows = browser.findElements(By.cssSelector("#orders tbody tr.order"));
                assertThat(rows).hasSize(1);
                assertThat(rows.get(0).findElement(By.cssSelector(".source-order-id")).getText()).isEqualTo("UI-1");
                assertThat(rows.get(0).findElement(By.cssSelector(".order-status")).getText())
                        .isEqualTo("submitted");
            });

            // data is shown as text: a hostile source order id and error are never parsed as markup
            WebElement sourceId = browser.findElement(By.id("source-order-id"));
            sourceId.clear();
            sourceId.sendKeys(HOSTILE_ID);
            browser.findElement(By.id("search-orders")).click();
            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
                List<WebElement> rows = browser.findElements(By.cssSelector("#orders tbody tr.order"));
                assertThat(rows).hasSize(1);
                assertThat(rows.get(0).findElement(By.cssSelector(".source-order-id")).getText())
                        .isEqualTo(HOSTILE_ID);
                assertThat(rows.get(0).getText()).contains(HOSTILE_ERROR);
            });
            assertThat(browser.findElements(By.id("injected-id"))).isEmpty();
            assertThat(browser.findElements(By.id("injected-error"))).isEmpty();

            await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
                assertThat(browser.findElement(By.id("spot-state")).getText()).isIn("UP", "CLOSED");
                assertThat(browser.findElement(By.cssSelector("#routes tr[data-route-id='oru-deliver-mllp']"))
                        .getText()).contains("started");
                assertThat(browser.findElement(By.cssSelector("#checks tr[data-check-id='ledger']")).getText())
                        .contains("UP");
            });

            // kept for a look after a CI run: what the operator saw at the end
            Files.copy(((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(
                    org.openqa.selenium.OutputType.FILE).toPath(), Path.of("target", "operator-page.png"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            List<String> violations = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .map(LogEntry::getMessage).filter(m -> m.contains("Content Security Policy")).toList();
            assertThat(violations).as("nothing the page does is blocked by its CSP").isEmpty();
        } finally {
            browser.quit();
        }
    }

    /** Debian's chromium and chromedriver, headless; CI runs as root, hence --no-sandbox. */
    private static WebDriver chromium() {
        assertThat(CHROMEDRIVER).as("chromedriver beside chromium (Debian package chromium-driver)").isExecutable();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                "--user-data-dir=" + dir.resolve("chromium-profile"), "--window-size=1400,1000");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private HttpResponse<String> send(String method, String path, String key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(bundle.baseUrl() + path))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return SpotJson.mapper().readTree(response.body());
    }
}
