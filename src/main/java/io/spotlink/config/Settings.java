package io.spotlink.config;

import org.apache.camel.CamelContext;
import org.apache.camel.util.TimeUtils;

import java.time.Duration;
import java.util.Optional;

/** Typed reads of Spotlink's properties (config/application.properties, overridden by the environment). */
public final class Settings {

    private final CamelContext context;

    public Settings(CamelContext context) {
        this.context = context;
    }

    public Optional<String> find(String key) {
        return context.getPropertiesComponent().resolveProperty(key).map(String::trim).filter(v -> !v.isEmpty());
    }

    public String get(String key, String defaultValue) {
        return find(key).orElse(defaultValue);
    }

    public String require(String key) {
        return find(key).orElseThrow(() -> new IllegalStateException(
                "Missing setting " + key + " (set it in config/application.properties or as "
                        + environmentName(key) + ")"));
    }

    public int getInt(String key, int defaultValue) {
        return find(key).map(Integer::parseInt).orElse(defaultValue);
    }

    public boolean getBoolean(String key, boolean defaultValue) {
        return find(key).map(Boolean::parseBoolean).orElse(defaultValue);
    }

    /** Reads durations written like {@code 500ms}, {@code 30s}, {@code 5m} or plain milliseconds. */
    public Duration getDuration(String key, Duration defaultValue) {
        return find(key).map(v -> Duration.ofMillis(TimeUtils.toMilliSeconds(v))).orElse(defaultValue);
    }

    /** The environment variable that overrides a key: spot.api.key -> SPOT_API_KEY. */
    public static String environmentName(String key) {
        return key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
