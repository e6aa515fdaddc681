package io.spotlink.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.Exchange;

import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Spot calls by endpoint, status and latency (timer spotlink.spot.calls, route spot-http): the endpoint is the
 * method and the path with its ids replaced by {id}, so the meter names no patient's order; the status is Spot's
 * HTTP status, or no-answer.
 */
public final class SpotCallMeters {

    private static final String STARTED = "SpotlinkSpotCallStarted";
    private static final Pattern ID_AFTER = Pattern.compile("/(orders|kits|requisitions)/[^/]+");
    private final MeterRegistry registry;

    public SpotCallMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    public void started(Exchange exchange) {
        exchange.setProperty(STARTED, System.nanoTime());
    }

    public void finished(Exchange exchange) {
        Long started = exchange.getProperty(STARTED, Long.class);
        if (registry == null || started == null) {
            return;
        }
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        Timer.builder("spotlink.spot.calls").description("Calls to Spot's API by endpoint and status")
                .tag("endpoint", endpoint(exchange.getMessage().getHeader(Exchange.HTTP_METHOD, "GET", String.class),
                        exchange.getMessage().getHeader(Exchange.HTTP_URI, "", String.class)))
                .tag("status", status == null || status == 0 ? "no-answer" : Integer.toString(status))
                .register(registry).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }

    /** "GET /api/v2/orders/{id}/" from the call's URL: no query string, no ids, no host. */
    static String endpoint(String method, String url) {
        String path = url.replaceFirst("^https?://[^/]+", "").replaceFirst("\\?.*$", "");
        if (!path.startsWith("/api/")) {
            return method + " document"; // a report PDF on a documents host
        }
        return method + " " + ID_AFTER.matcher(path).replaceAll("/$1/{id}");
    }
}
