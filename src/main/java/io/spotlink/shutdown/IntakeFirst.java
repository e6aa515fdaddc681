package io.spotlink.shutdown;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.RouteStartupOrder;
import org.apache.camel.spi.ShutdownStrategy;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * When the bundle starts stopping, closes the intake routes (HTTP, JMS, MLLP, file and SFTP consumers) before any
 * other route, and waits for the orders they are handling to finish, within the grace period: nothing new comes in
 * while the Spot calls, deliveries and the rest finish. Camel's own shutdown then stops the remaining routes, with
 * what is left of the same grace period as its timeout, and the context's services (the ledger's pool, the broker)
 * after them.
 */
final class IntakeFirst extends EventNotifierSupport {

    private static final Logger LOG = LoggerFactory.getLogger(IntakeFirst.class);
    /** Consumers that take work from outside; timers and direct routes are the bundle's own. */
    private static final Set<String> INTAKE_SCHEMES = Set.of("platform-http", "rest", "jms", "mllp", "file", "sftp",
            "ftp", "ftps");

    private final CamelContext context;
    private final Duration grace;

    IntakeFirst(CamelContext context, Duration grace) {
        this.context = context;
        this.grace = grace;
    }

    /** Camel's shutdown timeout is the grace period (set again when started: Camel Main applies its own default). */
    void applyGracePeriod() {
        ShutdownStrategy strategy = context.getShutdownStrategy();
        strategy.setTimeUnit(TimeUnit.MILLISECONDS);
        strategy.setTimeout(grace.toMillis());
        strategy.setShutdownNowOnTimeout(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.CamelContextStartedEvent
                || event instanceof CamelEvent.CamelContextStoppingEvent;
    }

    @Override
    public void notify(CamelEvent event) throws Exception {
        applyGracePeriod();
        if (!(event instanceof CamelEvent.CamelContextStoppingEvent)) {
            return;
        }
        long started = System.nanoTime();
        List<RouteStartupOrder> intake = context.getCamelContextExtension().getRouteStartupOrder().stream()
                .filter(IntakeFirst::isIntake).toList();
        LOG.info("Stopping: intake first ({} routes), then the rest; grace period {} s", intake.size(),
                grace.toSeconds());
        if (!intake.isEmpty()) {
            context.getShutdownStrategy().shutdown(context, intake, grace.toMillis(), TimeUnit.MILLISECONDS);
        }
        // Camel's shutdown of the other routes gets what is left of the grace period (at least a second).
        long left = Math.max(1000, grace.toMillis() - Duration.ofNanos(System.nanoTime() - started).toMillis());
        context.getShutdownStrategy().setTimeout(left);
        LOG.info("Stopping: intake closed in {} ms; the other routes now finish their work",
                Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    private static boolean isIntake(RouteStartupOrder order) {
        String uri = order.getRoute().getEndpoint().getEndpointUri();
        int colon = uri.indexOf(':');
        return colon > 0 && INTAKE_SCHEMES.contains(uri.substring(0, colon));
    }
}
