package io.spotlink;

import io.spotlink.config.ClusterBeans;
import io.spotlink.config.ConfigCheck;
import io.spotlink.config.InvalidSettingsException;
import io.spotlink.config.JmsBeans;
import io.spotlink.config.ResultsBeans;
import io.spotlink.config.HttpConfiguration;
import io.spotlink.config.IntakeChannelsConfiguration;
import io.spotlink.config.IntakeConfiguration;
import io.spotlink.config.LedgerConfiguration;
import io.spotlink.config.SpotConfiguration;
import io.spotlink.ops.OpsBeans;
import org.apache.camel.main.Main;

import io.spotlink.config.Settings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * The Spotlink bundle as a Camel Main application: config/application.properties (the folder is
 * SPOTLINK_CONFIG_DIR), YAML routes from spotlink.routes-dir, every property overridable from the environment.
 */
public final class SpotlinkApplication {

    private SpotlinkApplication() {
    }

    /** A configured, not yet started Main; {@code overrides} win over files and environment (tests, demo). */
    public static Main create(Map<String, String> overrides) {
        // An override names another config folder (a test that copies config/ and edits it, as a user would)
        String configDir = overrides.getOrDefault("spotlink.config-dir", configDir());
        checkSettings(configDir, overrides);
        Main main = new Main();
        main.setPropertyPlaceholderLocations("file:" + configDir + "/application.properties");
        // Lets config files name their siblings: {{spotlink.config-dir}}/test-codes.properties
        main.addInitialProperty("spotlink.config-dir", configDir);
        // Camel Main reads camel.* keys from the file directly: apply the environment to every key ourselves.
        environmentOverrides(fileProperties(configDir), System.getenv()).forEach(main::addOverrideProperty);
        // Beans in Camel Main configuration classes (@BindToRegistry methods), each taking the beans of the ones
        // before it (@BeanInject): Camel Main binds every class's beans, in this order, before it calls any configure
        main.configure().addConfiguration(LedgerConfiguration.class);
        main.configure().addConfiguration(SpotConfiguration.class);
        main.configure().addConfiguration(IntakeConfiguration.class);
        main.configure().addConfiguration(IntakeChannelsConfiguration.class);
        main.configure().addConfiguration(HttpConfiguration.class);
        main.configure().addConfiguration(JmsBeans.class);
        main.configure().addConfiguration(ResultsBeans.class);
        main.configure().addConfiguration(io.spotlink.status.StatusBeans.class); // after ResultsBeans: uses its poller
        main.configure().addConfiguration(ClusterBeans.class);
        main.configure().addConfiguration(OpsBeans.class);
        main.configure().addConfiguration(io.spotlink.tls.TlsBeans.class);
        main.configure().addConfiguration(io.spotlink.retention.RetentionBeans.class);
        main.configure().addConfiguration(io.spotlink.cancel.CancelBeans.class);
        main.configure().addConfiguration(io.spotlink.shutdown.ShutdownBeans.class);
        overrides.forEach(main::addOverrideProperty);
        return main;
    }

    /**
     * Refuses to start on settings that cannot work, naming every problem at once (ConfigCheck): before any bean,
     * broker or listener exists, so nothing is left half-started.
     */
    static void checkSettings(String configDir, Map<String, String> overrides) {
        Properties file = fileProperties(configDir);
        Map<String, String> env = System.getenv();
        java.util.function.Function<String, java.util.Optional<String>> resolve = key -> java.util.Optional
                .ofNullable(overrides.get(key)).or(() -> java.util.Optional.ofNullable(env.get(
                        Settings.environmentName(key)))).or(() -> java.util.Optional.ofNullable(file.getProperty(key)))
                .map(String::strip).filter(v -> !v.isEmpty() && !v.contains("{{"));
        java.util.List<String> problems = ConfigCheck.shipped().problems(file.stringPropertyNames(), env, resolve);
        if (!problems.isEmpty()) {
            throw new InvalidSettingsException(problems);
        }
    }

    /** For each key of the config file, the environment variable that overrides it, when set (KEY_LIKE_THIS). */
    static Map<String, String> environmentOverrides(Properties file, Map<String, String> env) {
        Map<String, String> overrides = new java.util.TreeMap<>();
        for (String key : file.stringPropertyNames()) {
            String value = env.get(Settings.environmentName(key));
            if (value != null) {
                overrides.put(key, value);
            }
        }
        return overrides;
    }

    private static Properties fileProperties(String configDir) {
        Properties props = new Properties();
        Path file = Path.of(configDir, "application.properties");
        if (Files.exists(file)) {
            try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                props.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + file, e);
            }
        }
        return props;
    }

    public static String configDir() {
        String fromProperty = System.getProperty("spotlink.config-dir");
        if (fromProperty != null) {
            return fromProperty;
        }
        String fromEnv = System.getenv("SPOTLINK_CONFIG_DIR");
        return fromEnv != null && !fromEnv.isBlank() ? fromEnv : "config";
    }
}
