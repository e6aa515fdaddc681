package io.spotlink.shutdown;

import io.spotlink.config.Settings;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

import java.time.Duration;

/**
 * Clean shutdown on SIGTERM (README "Shutdown"): intake stops first ({@link IntakeFirst}), in-flight Spot calls and
 * deliveries finish within {@code spotlink.shutdown.grace-period} (the delivery dispatcher sends no new message once
 * the bundle is stopping and puts what it claimed but did not send back to PENDING), then the other routes stop, and
 * the ledger's pool and the embedded broker, services of the context, close last.
 */
public class ShutdownBeans implements CamelConfiguration {

    public static final String GRACE_PERIOD = "spotlink.shutdown.grace-period";
    public static final Duration DEFAULT_GRACE_PERIOD = Duration.ofSeconds(20);

    @Override
    public void configure(CamelContext context) throws Exception {
        Duration grace = new Settings(context).getDuration(GRACE_PERIOD, DEFAULT_GRACE_PERIOD);
        if (grace.isNegative() || grace.isZero()) {
            throw new IllegalStateException(GRACE_PERIOD + " must be positive");
        }
        IntakeFirst intakeFirst = new IntakeFirst(context, grace);
        intakeFirst.applyGracePeriod();
        context.getManagementStrategy().addEventNotifier(intakeFirst);
    }
}
