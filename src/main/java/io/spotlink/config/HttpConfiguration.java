package io.spotlink.config;

import io.spotlink.following.KitTracker;
import io.spotlink.http.CallbackRateLimiter;
import io.spotlink.http.OperatorPage;
import io.spotlink.http.OperatorStatusApi;
import io.spotlink.http.OrderHttpApi;
import io.spotlink.http.OrderListApi;
import io.spotlink.http.OrderLookupApi;
import io.spotlink.http.auth.ApiKeyAuth;
import io.spotlink.http.auth.ApiKeys;
import io.spotlink.intake.RejectedInputStore;
import io.spotlink.ledger.OrderLedger;
import io.spotlink.spot.SpotClient;
import io.vertx.core.VertxOptions;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The HTTP faces' beans: the server's worker pool, API keys, order intake, lookup and list, and the operator page
 * (deliveries and Spot callbacks are ResultsBeans'). Takes the ledger's, Spot's and intake's beans, so it is
 * registered after them.
 */
public class HttpConfiguration implements CamelConfiguration {

    /**
     * platform-http runs each request's route on Vert.x's worker pool (20 threads unless told): with more connections
     * than workers, requests queue in front of the pool while Spot calls could be overlapping.
     */
    @BindToRegistry("vertxOptions")
    public VertxOptions vertxOptions(CamelContext context) {
        return new VertxOptions().setWorkerPoolSize(new Settings(context).getInt("spotlink.http.worker-threads", 64));
    }

    /** 503 + Retry-After (not 404) for a request that arrives while the routes are still starting. */
    @Override
    public void configure(CamelContext context) {
        context.getManagementStrategy().addEventNotifier(new io.spotlink.http.StartingAnswer(
                retryAfterSeconds(new Settings(context)).inFlightSeconds()));
    }

    @BindToRegistry("apiKeyAuth")
    public ApiKeyAuth apiKeyAuth(CamelContext context) throws IOException {
        Settings settings = new Settings(context);
        return new ApiKeyAuth(apiKeys(settings), settings.getBoolean("spotlink.auth.enabled", true));
    }

    @BindToRegistry("orderHttpApi")
    public OrderHttpApi orderHttpApi(CamelContext context,
                                     @BeanInject("rejectedInputStore") RejectedInputStore rejected) {
        Settings settings = new Settings(context);
        return new OrderHttpApi(settings.getInt("spotlink.intake.http.max-bytes", 65_536), rejected,
                retryAfterSeconds(settings));
    }

    @BindToRegistry("orderLookupApi")
    public OrderLookupApi orderLookupApi(CamelContext context, @BeanInject("orderLedger") OrderLedger ledger,
                                         @BeanInject("ledgerDataSource") DataSource dataSource,
                                         @BeanInject("spotClient") SpotClient spot) {
        return new OrderLookupApi(ledger, new KitTracker(dataSource, Clock.systemUTC()), spot, new CallbackRateLimiter(
                Double.parseDouble(new Settings(context).get("spotlink.auth.refresh-rate-limit", "1")), 1));
    }

    /** The operator page (/ui, routes/operator-page-http.yaml) and the JSON it reads besides orders and deliveries. */
    @BindToRegistry("orderListApi")
    public OrderListApi orderListApi(CamelContext context, @BeanInject("orderLedger") OrderLedger ledger) {
        return new OrderListApi(ledger, new Settings(context).getInt("spotlink.http.orders.max-limit", 1000));
    }

    @BindToRegistry("operatorStatusApi")
    public OperatorStatusApi operatorStatusApi() {
        return new OperatorStatusApi();
    }

    @BindToRegistry("operatorPage")
    public OperatorPage operatorPage() {
        return new OperatorPage();
    }

    /** Retry-After (seconds) of HTTP answers that ask the sender to come back: 503 (Spot unavailable), 409 (in flight). */
    private static OrderHttpApi.RetryAfter retryAfterSeconds(Settings settings) {
        return new OrderHttpApi.RetryAfter(settings.getInt("spot.api.breaker.open-seconds", 30),
                settings.getInt("spotlink.intake.in-flight-retry-after", 5));
    }

    /** The accepted API keys: spotlink.auth.keys (SPOTLINK_AUTH_KEYS) and the entries of spotlink.auth.keys-file. */
    static ApiKeys apiKeys(Settings settings) throws IOException {
        StringBuilder entries = new StringBuilder(settings.get("spotlink.auth.keys", ""));
        var file = settings.find("spotlink.auth.keys-file");
        if (file.isPresent()) {
            entries.append('\n').append(Files.readString(Path.of(file.get())));
        }
        return ApiKeys.parse(entries.toString());
    }
}
