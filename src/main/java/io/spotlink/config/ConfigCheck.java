package io.spotlink.config;

import org.apache.camel.util.TimeUtils;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the settings before anything starts and names every problem at once: an unknown {@code spotlink.*},
 * {@code spot.*} or {@code oru.*} key (in the config file or as a SPOTLINK_/SPOT_/ORU_ variable), a duration, port,
 * number or boolean that does not parse, a secret an enabled channel needs, a file a setting names that does not
 * exist. The known keys and the kind of each value come from the application.properties shipped in the jar (keys
 * commented out there are known too; a {@code <name>} segment stands for any name).
 */
public final class ConfigCheck {

    static final String TEMPLATE = "/spotlink-settings/application.properties";
    private static final List<String> CHECKED_PREFIXES = List.of("spotlink.", "spot.", "oru.");
    /** Variables read by the launcher, logging or the JVM, not settings. */
    private static final Set<String> LAUNCHER_VARIABLES = Set.of("SPOTLINK_CONFIG_DIR", "SPOTLINK_LOG_LEVEL");
    private static final Pattern KEY_LINE = Pattern.compile("^#?\\s*([a-z][a-z0-9.\\-<>]*)\\s*=\\s*(.*)$");
    /** Groups of TLS settings of a listener, which needs its own keystore when on (io.spotlink.tls.TlsSettings). */
    private static final List<String> TLS_SERVERS = List.of("spotlink.tls.http.", "spotlink.intake.mllp.tls.");
    private static final Pattern DESTINATION_TLS_FILE =
            Pattern.compile("^spotlink\\.destination\\.[^.]+\\.tls\\.(keystore|truststore)-file$");
    private static final Pattern DURATION = Pattern.compile("^\\d+(ms|s|m|h|d)$");

    private final Map<String, String> templateValues;
    private final List<Pattern> knownKeys;

    private ConfigCheck(Map<String, String> templateValues) {
        this.templateValues = templateValues;
        this.knownKeys = templateValues.keySet().stream().map(ConfigCheck::keyPattern).toList();
    }

    /** The check against the template shipped in the jar. */
    public static ConfigCheck shipped() {
        try (InputStream in = ConfigCheck.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IllegalStateException("the settings template " + TEMPLATE + " is missing from the jar");
            }
            return of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ConfigCheck of(String templateText) {
        Map<String, String> values = new java.util.LinkedHashMap<>();
        for (String line : templateText.split("\\R")) {
            Matcher m = KEY_LINE.matcher(line.strip());
            if (m.matches()) {
                values.putIfAbsent(m.group(1), m.group(2).strip());
            }
        }
        return new ConfigCheck(values);
    }

    /**
     * Every problem of these settings, one line each; empty when they are fine.
     *
     * @param fileKeys the keys of the config file in use
     * @param environment the process environment
     * @param resolve the effective value of a key (file, environment and overrides applied), empty when unset
     */
    public List<String> problems(Set<String> fileKeys, Map<String, String> environment,
                                 Function<String, Optional<String>> resolve) {
        List<String> problems = new ArrayList<>();
        for (String key : new TreeSet<>(fileKeys)) {
            if (checked(key) && !known(key)) {
                problems.add("unknown setting " + key + " in application.properties" + suggestion(key));
            }
        }
        for (String variable : new TreeSet<>(environment.keySet())) {
            if (checkedVariable(variable) && !LAUNCHER_VARIABLES.contains(variable) && !knownVariable(variable)) {
                problems.add("unknown setting in environment variable " + variable);
            }
        }
        templateValues.forEach((key, template) -> {
            if (key.contains("<")) {
                return;
            }
            resolve.apply(key).ifPresent(value -> checkValue(key, template, value).ifPresent(problems::add));
        });
        problems.addAll(missingSecrets(resolve));
        problems.addAll(tlsProblems(fileKeys, resolve));
        return problems;
    }

    private static Optional<String> checkValue(String key, String template, String value) {
        if (key.endsWith(".port")) {
            return parses(value, v -> {
                int port = Integer.parseInt(v);
                return port >= 0 && port <= 65_535;
            }) ? Optional.empty() : Optional.of(key + " must be a port number (0-65535), not '" + value + "'");
        }
        if (DURATION.matcher(template).matches()) {
            return parses(value, v -> TimeUtils.toMilliSeconds(v) >= 0) ? Optional.empty()
                    : Optional.of(key + " must be a duration such as 500ms, 30s, 5m or 1h, not '" + value + "'");
        }
        if (template.equals("true") || template.equals("false")) {
            return value.equals("true") || value.equals("false") ? Optional.empty()
                    : Optional.of(key + " must be true or false, not '" + value + "'");
        }
        if (template.matches("^-?\\d+$")) {
            return parses(value, v -> {
                Long.parseLong(v);
                return true;
            }) ? Optional.empty() : Optional.of(key + " must be a whole number, not '" + value + "'");
        }
        return Optional.empty();
    }

    /** Secrets and files an enabled channel cannot work without. */
    private static List<String> missingSecrets(Function<String, Optional<String>> resolve) {
        List<String> problems = new ArrayList<>();
        if (resolve.apply("spot.api.key").isEmpty()) {
            problems.add("spot.api.key is not set: give Spot's API key in the environment variable SPOT_API_KEY");
        }
        if (!resolve.apply("spotlink.auth.enabled").map("false"::equals).orElse(false)
                && resolve.apply("spotlink.auth.keys").isEmpty() && resolve.apply("spotlink.auth.keys-file").isEmpty()) {
            problems.add("spotlink.auth.enabled is true but no API key is configured: set SPOTLINK_AUTH_KEYS or "
                    + "spotlink.auth.keys-file (./spotlink hash-key <key> prints an entry's hash), or set "
                    + "spotlink.auth.enabled=false on a trusted network only");
        }
        if (on(resolve, "spotlink.alerts.enabled") && resolve.apply("spotlink.alerts.webhook-url").isEmpty()) {
            problems.add("spotlink.alerts.enabled is true but spotlink.alerts.webhook-url "
                    + "(SPOTLINK_ALERTS_WEBHOOK_URL) is not set");
        }
        if (on(resolve, "spotlink.intake.sftp.enabled") && resolve.apply("spotlink.intake.sftp.password").isEmpty()
                && resolve.apply("spotlink.intake.sftp.private-key-file").isEmpty()) {
            problems.add("spotlink.intake.sftp.enabled is true but neither spotlink.intake.sftp.password "
                    + "(SPOTLINK_INTAKE_SFTP_PASSWORD) nor spotlink.intake.sftp.private-key-file is set");
        }
        for (String fileKey : List.of("spotlink.auth.keys-file", "spotlink.intake.sftp.private-key-file", "spotlink.deliver.sftp.private-key-file",
                "spotlink.intake.sftp.known-hosts-file", "spotlink.deliver.sftp.known-hosts-file")) {
            resolve.apply(fileKey).filter(f -> !Files.isReadable(Path.of(f))).ifPresent(f -> problems.add(
                    fileKey + " names a file that does not exist or cannot be read: " + f));
        }
        return problems;
    }

    /** TLS that cannot start: a server side without its keystore, a key or trust store file that is not there. */
    private static List<String> tlsProblems(Set<String> fileKeys, Function<String, Optional<String>> resolve) {
        List<String> problems = new ArrayList<>();
        for (String server : TLS_SERVERS) {
            if (on(resolve, server + "enabled") && resolve.apply(server + "keystore-file").isEmpty()) {
                problems.add(server + "enabled is true but " + server + "keystore-file (the server's key and "
                        + "certificate) is not set");
            }
        }
        Set<String> fileSettings = new TreeSet<>();
        for (String server : TLS_SERVERS) {
            fileSettings.add(server + "keystore-file");
            fileSettings.add(server + "truststore-file");
        }
        fileKeys.stream().filter(k -> DESTINATION_TLS_FILE.matcher(k).matches()).forEach(fileSettings::add);
        for (String fileKey : fileSettings) {
            resolve.apply(fileKey).filter(f -> !Files.isReadable(Path.of(f))).ifPresent(f -> problems.add(
                    fileKey + " names a file that does not exist or cannot be read: " + f));
        }
        return problems;
    }

    private static boolean on(Function<String, Optional<String>> resolve, String key) {
        return resolve.apply(key).map("true"::equals).orElse(false);
    }

    private static boolean parses(String value, java.util.function.Predicate<String> parser) {
        try {
            return parser.test(value.strip());
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean checked(String key) {
        return CHECKED_PREFIXES.stream().anyMatch(key::startsWith);
    }

    private static boolean checkedVariable(String variable) {
        return variable.startsWith("SPOTLINK_") || variable.startsWith("SPOT_") || variable.startsWith("ORU_");
    }

    private boolean known(String key) {
        return knownKeys.stream().anyMatch(p -> p.matcher(key).matches());
    }

    private boolean knownVariable(String variable) {
        return templateValues.keySet().stream().map(ConfigCheck::variablePattern)
                .anyMatch(p -> p.matcher(variable).matches());
    }

    private String suggestion(String key) {
        String tail = key.substring(key.lastIndexOf('.') + 1);
        return templateValues.keySet().stream().filter(k -> k.endsWith("." + tail) && !k.equals(key)).findFirst()
                .map(k -> " (did you mean " + k + "?)").orElse("");
    }

    /** {@code spotlink.destination.<name>.type} matches any name in place of {@code <name>}. */
    private static Pattern keyPattern(String key) {
        return Pattern.compile(Pattern.quote(key).replaceAll("<[a-z\\-]+>", "\\\\E[^.]+\\\\Q"));
    }

    private static Pattern variablePattern(String key) {
        String name = Settings.environmentName(key);
        return Pattern.compile(Pattern.quote(name).replaceAll("<[A-Z_]+>", "\\\\E[A-Z0-9_]+\\\\Q"));
    }
}
