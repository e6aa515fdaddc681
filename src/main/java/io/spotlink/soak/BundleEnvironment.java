package io.spotlink.soak;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The environment variables one soak bundle runs with (every key of application.properties can be set this way):
 * its own ports and folders under the work dir, a short Spot timeout, fast polling and delivery, MLLP and file
 * delivery on. Ports stay the same across restarts, so senders and the EHR find the new process where the old was.
 */
record BundleEnvironment(Path workDir, Path configDir, Path routesDir, String spotUrl, String apiKey, String spotTimeout,
                         int httpPort, int mllpPort, int jmsPort, int ehrPort, String jmsUser, String jmsPassword,
                         Shared shared) {

    /**
     * What two instances share: one PostgreSQL ledger, one broker in its own process, and leadership by lock file.
     * {@code null} for a single instance (H2 ledger, embedded broker, cluster mode single).
     */
    record Shared(String ledgerUrl, String ledgerUser) {
    }

    /** The same bundle settings for another instance on its own HTTP and MLLP ports. */
    BundleEnvironment instance(int http, int mllp) {
        return new BundleEnvironment(workDir, configDir, routesDir, spotUrl, apiKey, spotTimeout, http, mllp, jmsPort,
                ehrPort, jmsUser, jmsPassword, shared);
    }

    String ledgerUrl() {
        return shared == null ? "jdbc:h2:file:" + ledgerFile().toAbsolutePath() : shared.ledgerUrl();
    }

    String ledgerUser() {
        return shared == null ? "sa" : shared.ledgerUser();
    }

    static final String JMS_QUEUE = "spotlink.orders";

    Path inbox() {
        return workDir.resolve("inbox");
    }

    Path outbox() {
        return workDir.resolve("outbox");
    }

    Path ledgerFile() {
        return workDir.resolve("ledger");
    }

    String jmsUrl() {
        return "tcp://127.0.0.1:" + jmsPort;
    }

    Map<String, String> variables() {
        Map<String, String> env = new HashMap<>();
        env.put("SPOTLINK_CONFIG_DIR", configDir.toAbsolutePath().toString());
        env.put("SPOTLINK_ROUTES_DIR", routesDir.toAbsolutePath().toString());
        env.put("LOG_LEVEL", "WARN");
        env.put("SPOTLINK_LOG_LEVEL", "INFO");
        env.put("CAMEL_SERVER_HOST", "127.0.0.1");
        env.put("CAMEL_SERVER_PORT", Integer.toString(httpPort));
        env.put("SPOT_API_BASE_URL", spotUrl);
        env.put("SPOT_API_KEY", apiKey);
        env.put("SPOTLINK_AUTH_ENABLED", "false"); // the soak proves exactly-once delivery, not API keys
        env.put("SPOT_API_CONNECT_TIMEOUT", "2s");
        env.put("SPOT_API_RESPONSE_TIMEOUT", spotTimeout);
        env.put("SPOT_API_RETRY_MAX_REDELIVERIES", "7");
        // The soak's Spot fails a share of calls all along: the circuit breaker would pause the resubmissions it
        // exists to prove. The breaker has its own test (SpotBreakerTest), as RunningBundle leaves it closed too.
        env.put("SPOT_API_BREAKER_MINIMUM_CALLS", "1000000");
        env.put("SPOT_API_BREAKER_SLIDING_WINDOW", "1000000");
        env.put("SPOT_API_RETRY_INITIAL_DELAY", "100");
        env.put("SPOT_API_RETRY_MAX_DELAY", "1000");
        env.put("SPOTLINK_LEDGER_URL", ledgerUrl());
        env.put("SPOTLINK_LEDGER_USERNAME", ledgerUser());
        env.put("SPOTLINK_CLUSTER_FILE_ROOT", workDir.resolve("cluster").toAbsolutePath().toString());
        env.put("SPOTLINK_INTAKE_DEFAULT_SOURCE_SYSTEM", SoakOrder.SOURCE_SYSTEM);
        env.put("SPOTLINK_INTAKE_REJECTED_DIRECTORY", workDir.resolve("rejected").toAbsolutePath().toString());
        env.put("SPOTLINK_INTAKE_RETRY_INTERVAL", "5s");
        env.put("SPOTLINK_INTAKE_RETRY_MAX_ATTEMPTS", "100");
        env.put("SPOTLINK_INTAKE_RECOVERY_INTERVAL", "3s");
        env.put("SPOTLINK_INTAKE_RECOVERY_OWNER_TIMEOUT", "10s");
        env.put("SPOTLINK_INTAKE_RECOVERY_HEARTBEAT_INTERVAL", "2s");
        env.put("SPOTLINK_JMS_EMBEDDED", Boolean.toString(shared == null));
        env.put("SPOTLINK_JMS_URL", jmsUrl());
        env.put("SPOTLINK_CLUSTER_MODE", shared == null ? "single" : "file");
        env.put("SPOTLINK_CLUSTER_FILE_INTERVAL", "1s");
        env.put("SPOTLINK_CLUSTER_FILE_START_DELAY", "1s");
        env.put("SPOTLINK_JMS_EMBEDDED_PORT", Integer.toString(jmsPort));
        env.put("SPOTLINK_JMS_EMBEDDED_DATA_DIR", workDir.resolve("artemis").toAbsolutePath().toString());
        env.put("SPOTLINK_JMS_USERNAME", jmsUser);
        env.put("SPOTLINK_JMS_PASSWORD", jmsPassword);
        env.put("SPOTLINK_INTAKE_JMS_QUEUE", JMS_QUEUE);
        env.put("SPOTLINK_INTAKE_JMS_MAX_DELIVERIES", "20");
        env.put("SPOTLINK_INTAKE_FILE_DIRECTORY", inbox().toAbsolutePath().toString());
        env.put("SPOTLINK_INTAKE_FILES_POLL_INTERVAL", "500");
        env.put("SPOTLINK_INTAKE_FILES_MIN_AGE", "200");
        env.put("SPOTLINK_INTAKE_MLLP_HOST", "127.0.0.1");
        env.put("SPOTLINK_INTAKE_MLLP_PORT", Integer.toString(mllpPort));
        env.put("SPOTLINK_RESULTS_POLL_INTERVAL", "1s");
        env.put("SPOTLINK_RESULTS_POLL_DELAY", "1s");
        env.put("SPOTLINK_DELIVER_INTERVAL", "300ms");
        env.put("SPOTLINK_DELIVER_MAX_ATTEMPTS", "60");
        env.put("SPOTLINK_DELIVER_INITIAL_DELAY", "500ms");
        env.put("SPOTLINK_DELIVER_MAX_DELAY", "4s");
        env.put("SPOTLINK_DELIVER_FILE_ENABLED", "true");
        env.put("SPOTLINK_DELIVER_FILE_DIRECTORY", outbox().toAbsolutePath().toString());
        env.put("SPOTLINK_DELIVER_MLLP_ENABLED", "true");
        env.put("SPOTLINK_DELIVER_MLLP_HOST", "127.0.0.1");
        env.put("SPOTLINK_DELIVER_MLLP_PORT", Integer.toString(ehrPort));
        env.put("SPOTLINK_DELIVER_MLLP_CONNECT_TIMEOUT", "2000");
        env.put("SPOTLINK_DELIVER_MLLP_ACK_TIMEOUT", "5000");
        // a delivery a kill left SENDING goes again within the soak, not 2 minutes later
        env.put("SPOTLINK_DELIVER_SENDING_TIMEOUT", "15s");
        return env;
    }
}
