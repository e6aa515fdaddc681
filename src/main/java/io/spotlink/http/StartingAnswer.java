package io.spotlink.http;

import io.vertx.ext.web.Router;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.SupervisingRouteController;
import org.apache.camel.support.EventNotifierSupport;

/**
 * While the routes are still starting, a request no route serves yet gets 503 with Retry-After instead of 404. The
 * HTTP server listens before the routes start (the supervising route controller starts them after the context), and
 * a hospital engine reads 404 as "this address is wrong" and may drop the order; 503 says "send it again". Once the
 * routes have started, an unknown path is a 404 as before. Installed as the HTTP router's last route when the context
 * has started (the server listens by then), so a request a route serves never passes here.
 */
public final class StartingAnswer extends EventNotifierSupport {

    private final int retryAfterSeconds;
    private volatile CamelContext context;
    private volatile boolean aRouteStarted;
    private final java.util.List<io.vertx.ext.web.Route> installed = new java.util.concurrent.CopyOnWriteArrayList<>();

    public StartingAnswer(int retryAfterSeconds) {
        this.retryAfterSeconds = retryAfterSeconds;
        setIgnoreExchangeEvents(true);
        setIgnoreServiceEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.CamelContextStartedEvent || event instanceof CamelEvent.RouteStartedEvent
                && !aRouteStarted;
    }

    @Override
    public void notify(CamelEvent event) {
        if (event instanceof CamelEvent.RouteStartedEvent) {
            aRouteStarted = true;
            return;
        }
        context = ((CamelEvent.CamelContextStartedEvent) event).getContext();
        context.getRegistry().findByType(Router.class).forEach(router -> installed.add(router.route().last()
                .handler(rc -> {
                    if (starting()) {
                        rc.response().setStatusCode(503)
                                .putHeader("Retry-After", Integer.toString(retryAfterSeconds))
                                .putHeader("Content-Type", "application/json")
                                .end("{\"error\":\"Spotlink is starting: send again in " + retryAfterSeconds
                                        + " s\"}");
                    } else {
                        // started: this catch-all goes, and the request is routed again without it, so an unknown
                        // path is a 404 and a known path with another method a 405, as the router answers them
                        installed.forEach(io.vertx.ext.web.Route::remove);
                        rc.reroute(rc.request().method(), rc.request().uri());
                    }
                })));
    }

    /**
     * No route has started yet (the supervising controller waits its initial delay), or the supervising controller is
     * still starting them one by one. A route it retries after a failure later does not count: its paths are down,
     * not starting.
     */
    boolean starting() {
        return !aRouteStarted || context.getRouteController() instanceof SupervisingRouteController supervising
                && supervising.isStartingRoutes();
    }
}
