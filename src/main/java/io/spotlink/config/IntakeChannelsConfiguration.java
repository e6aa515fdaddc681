package io.spotlink.config;

import io.spotlink.intake.OrderSubmitGateway;
import io.spotlink.intake.OrderValidator;
import io.spotlink.intake.RejectedInputStore;
import io.spotlink.intake.files.FileIntakeLimits;
import io.spotlink.intake.files.FileOrderIntake;
import io.spotlink.intake.files.FileRunLog;
import io.spotlink.intake.files.OrderFileParser;
import io.spotlink.intake.files.QuietPeriodReadLock;
import io.spotlink.intake.hl7.GuardedMllpComponent;
import io.spotlink.intake.hl7.MllpOrderIntake;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The MLLP and file/SFTP channels' beans (the JMS channel's are JmsBeans'). Takes IntakeConfiguration's validator and
 * rejected-input store and the ledger's pool, so it is registered after them.
 */
public class IntakeChannelsConfiguration implements CamelConfiguration {

    /** The mllp component: camel-mllp with its listener's gaps closed (bounded connection checks, oversize and short
     * frames answered AE). */
    @BindToRegistry("mllp")
    public GuardedMllpComponent mllp() {
        return new GuardedMllpComponent();
    }

    @BindToRegistry("mllpOrderIntake")
    public MllpOrderIntake mllpOrderIntake(CamelContext context,
                                           @BeanInject("orderValidator") OrderValidator validator,
                                           @BeanInject("rejectedInputStore") RejectedInputStore rejected) {
        Settings settings = new Settings(context);
        return new MllpOrderIntake(validator, Charset.forName(settings.get("spotlink.intake.mllp.default-charset", "UTF-8")),
                "ORR".equalsIgnoreCase(settings.get("spotlink.intake.mllp.reply", "ACK")), rejected);
    }

    /** order-intake-file's read lock. */
    @BindToRegistry("fileIntakeReadLock")
    public QuietPeriodReadLock<Object> fileIntakeReadLock(CamelContext context) {
        return readLock(new Settings(context));
    }

    /** order-intake-sftp's read lock (one per channel). */
    @BindToRegistry("sftpIntakeReadLock")
    public QuietPeriodReadLock<Object> sftpIntakeReadLock(CamelContext context) {
        return readLock(new Settings(context));
    }

    /** The handler of order files, from a folder or over SFTP. */
    @BindToRegistry("fileOrderIntake")
    public FileOrderIntake fileOrderIntake(CamelContext context, @BeanInject("ledgerDataSource") DataSource dataSource)
            throws IOException {
        Settings settings = new Settings(context);
        int concurrency = settings.getInt("spotlink.intake.files.concurrency", 8);
        FileIntakeLimits limits = new FileIntakeLimits(
                Charset.forName(settings.get("spotlink.intake.files.charset", "UTF-8")),
                Long.parseLong(settings.get("spotlink.intake.files.max-bytes", "52428800")),
                settings.getInt("spotlink.intake.files.max-rows", 1_000_000), concurrency);
        FileOrderIntake files = new FileOrderIntake(new OrderFileParser(csvColumns(settings)),
                new OrderSubmitGateway(context.createProducerTemplate(), "file"),
                new FileRunLog(dataSource, Clock.systemUTC()),
                context.getExecutorServiceManager().newFixedThreadPool(context, "order-file-rows", concurrency),
                limits);
        files.setInFlightWait(settings.getDuration("spotlink.intake.files.in-flight-wait", Duration.ofSeconds(45)));
        return files;
    }

    private static QuietPeriodReadLock<Object> readLock(Settings settings) {
        QuietPeriodReadLock<Object> readLock = new QuietPeriodReadLock<>();
        readLock.setMinAge(settings.getInt("spotlink.intake.files.min-age", 1000));
        readLock.setDoneMarker(settings.getBoolean("spotlink.intake.files.done-marker", false));
        return readLock;
    }

    private static Map<String, String> csvColumns(Settings settings) throws IOException {
        Properties columns = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(settings.get("spotlink.intake.files.csv-columns",
                "config/csv-columns.properties")), StandardCharsets.UTF_8)) {
            columns.load(reader);
        }
        Map<String, String> map = new HashMap<>();
        columns.forEach((k, v) -> map.put(k.toString(), v.toString()));
        return map;
    }
}
