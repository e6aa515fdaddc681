package io.spotlink.config;

import io.spotlink.intake.FailedOrderRetrier;
import io.spotlink.intake.IntakeLimits;
import io.spotlink.intake.OrderSubmitter;
import io.spotlink.intake.OrderValidator;
import io.spotlink.intake.OrphanedOrderRecoverer;
import io.spotlink.intake.RejectedInputStore;
import io.spotlink.intake.SpotOrderMapper;
import io.spotlink.intake.TestCodeMap;
import io.spotlink.intake.requisition.RequisitionMapper;
import io.spotlink.intake.requisition.RequisitionSettings;
import io.spotlink.intake.requisition.RequisitionSubmitter;
import io.spotlink.ledger.OrderLedger;
import io.spotlink.spot.SpotClient;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The intake every channel shares: the test code map, validation, the submitter behind order-submit, the mapping to
 * Spot, requisitions, retries and recovery of orders, and the store of rejected input. Takes the ledger's and Spot's
 * beans, so it is registered after LedgerConfiguration and SpotConfiguration.
 */
public class IntakeConfiguration implements CamelConfiguration {

    private TestCodeMap testCodes;
    private OrderValidator validator;

    @BindToRegistry("testCodeMap")
    public synchronized TestCodeMap testCodeMap(CamelContext context) {
        if (testCodes == null) {
            testCodes = TestCodeMap.load(Path.of(new Settings(context).require("spotlink.intake.test-code-map")));
        }
        return testCodes;
    }

    @BindToRegistry("orderValidator")
    public synchronized OrderValidator orderValidator(CamelContext context) {
        if (validator == null) {
            validator = new OrderValidator(testCodeMap(context), intakeLimits(new Settings(context)));
        }
        return validator;
    }

    @BindToRegistry("orderSubmitter")
    public OrderSubmitter orderSubmitter(CamelContext context, @BeanInject("orderLedger") OrderLedger ledger) {
        return new OrderSubmitter(orderValidator(context), ledger,
                new Settings(context).get("spotlink.intake.default-source-system", "DEFAULT"));
    }

    @BindToRegistry("spotOrderMapper")
    public SpotOrderMapper spotOrderMapper(CamelContext context) {
        return new SpotOrderMapper(testCodeMap(context));
    }

    @BindToRegistry("requisitionSubmitter")
    public RequisitionSubmitter requisitionSubmitter(CamelContext context,
                                                     @BeanInject("orderLedger") OrderLedger ledger,
                                                     @BeanInject("spotClient") SpotClient spot) {
        return new RequisitionSubmitter(new RequisitionMapper(requisitionSettings(new Settings(context))), ledger, spot);
    }

    @BindToRegistry("failedOrderRetrier")
    public FailedOrderRetrier failedOrderRetrier(CamelContext context, @BeanInject("orderLedger") OrderLedger ledger) {
        Settings settings = new Settings(context);
        return new FailedOrderRetrier(ledger, Clock.systemUTC(),
                settings.getDuration("spotlink.intake.retry.interval", Duration.ofMinutes(2)),
                settings.getInt("spotlink.intake.retry.max-attempts", 10));
    }

    @BindToRegistry("orphanedOrderRecoverer")
    public OrphanedOrderRecoverer orphanedOrderRecoverer(@BeanInject("orderLedger") OrderLedger ledger) {
        return new OrphanedOrderRecoverer(ledger);
    }

    @BindToRegistry("rejectedInputStore")
    public RejectedInputStore rejectedInputStore(CamelContext context) {
        return new RejectedInputStore(Path.of(new Settings(context).get("spotlink.intake.rejected.directory",
                "data/rejected")));
    }

    /** Field limits of intake (spotlink.intake.limits.*), each defaulting to IntakeLimits.defaults(). */
    static IntakeLimits intakeLimits(Settings settings) {
        IntakeLimits d = IntakeLimits.defaults();
        String prefix = "spotlink.intake.limits.";
        Set<String> extraKits = Arrays.stream(settings.get("spotlink.intake.kit-types", "").split(","))
                .map(String::strip).filter(k -> !k.isEmpty()).collect(Collectors.toSet());
        return new IntakeLimits(settings.getInt(prefix + "name", d.name()), settings.getInt(prefix + "email", d.email()),
                settings.getInt(prefix + "phone", d.phone()), settings.getInt(prefix + "street", d.street()),
                settings.getInt(prefix + "city", d.city()), settings.getInt(prefix + "identifier", d.identifier()),
                settings.getInt(prefix + "tests", d.tests()), settings.getInt(prefix + "metadata-keys", d.metadataKeys()),
                settings.getInt(prefix + "metadata-text", d.metadataText()), extraKits);
    }

    /** spotlink.requisitions.*: orders with a specimen barcode as Spot requisitions (off by default). */
    static RequisitionSettings requisitionSettings(Settings settings) {
        boolean enabled = settings.getBoolean("spotlink.requisitions.enabled", false);
        return new RequisitionSettings(enabled, settings.get("spotlink.requisitions.account-number", null),
                settings.get("spotlink.requisitions.lab", null),
                settings.get("spotlink.requisitions.state-collected", null),
                enabled ? TestCodeMap.load(Path.of(settings.get("spotlink.requisitions.panel-map",
                        "config/requisition-panels.properties"))) : new TestCodeMap(Map.of()));
    }
}
