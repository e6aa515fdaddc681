package io.spotlink.delivery;

import org.apache.camel.CamelContext;
import org.apache.camel.component.properties.PropertiesComponent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads the ORU destinations from configuration. Each is a group of keys {@code spotlink.destination.<name>.*}:
 * <pre>
 * spotlink.destination.sti-ehr.type = mllp                   mllp, file, sftp or jms (required)
 * spotlink.destination.sti-ehr.enabled = true                default true
 * spotlink.destination.sti-ehr.host = 10.0.0.7               the type's connection settings (see TYPES)
 * spotlink.destination.sti-ehr.port = 2575
 * spotlink.destination.sti-ehr.receiving-application = EPIC  MSH-5 (default oru.receiving-application)
 * spotlink.destination.sti-ehr.receiving-facility = CLINIC   MSH-6 (default oru.receiving-facility)
 * spotlink.destination.sti-ehr.filter.kit-types = sti_kit    optional, comma-separated; also .filter.test-codes
 *                                                            and .filter.source-systems
 * </pre>
 * The older single-destination keys still work: {@code spotlink.deliver.<type>.enabled = true} adds a destination
 * named after its type ({@code file}, {@code mllp}, {@code sftp}, {@code jms}) whose settings are the
 * {@code spotlink.deliver.<type>.*} keys, unless a {@code spotlink.destination.<type>.*} group has that name.
 */
public final class DeliveryDestinations {

    public static final String PREFIX = "spotlink.destination.";
    static final String LEGACY_PREFIX = "spotlink.deliver.";
    /** Template parameter of an MLLP destination with {@code .tls.enabled = true}: its TLS bean (io.spotlink.tls). */
    public static final String TLS_PARAMETER = "sslContextParameters";

    /** One connection setting of a type: its key, the template parameter it fills, its default (null: required). */
    record Setting(String key, String parameter, String defaultValue, boolean optional) {
        static Setting required(String key, String parameter) {
            return new Setting(key, parameter, null, false);
        }

        static Setting withDefault(String key, String parameter, String defaultValue) {
            return new Setting(key, parameter, defaultValue, false);
        }

        static Setting optional(String key, String parameter) {
            return new Setting(key, parameter, null, true);
        }
    }

    /** The connection settings of each type, in the order of the legacy destinations (file first). */
    static final Map<String, List<Setting>> TYPES = new LinkedHashMap<>();

    static {
        TYPES.put("file", List.of(Setting.required("directory", "directory")));
        TYPES.put("mllp", List.of(Setting.required("host", "host"), Setting.required("port", "port"),
                Setting.withDefault("connect-timeout", "connectTimeout", "5000"),
                Setting.withDefault("ack-timeout", "ackTimeout", "15000")));
        TYPES.put("sftp", List.of(Setting.required("host", "host"), Setting.withDefault("port", "port", "22"),
                Setting.required("directory", "directory"), Setting.required("username", "username"),
                Setting.optional("password", "password"), Setting.optional("private-key-file", "privateKeyFile"),
                Setting.required("known-hosts-file", "knownHostsFile")));
        TYPES.put("jms", List.of(Setting.required("queue", "queue")));
    }

    private DeliveryDestinations() {
    }

    /** The destinations configured in a Camel context (its properties, overrides and environment included). */
    public static List<DeliveryDestination> of(CamelContext context) {
        org.apache.camel.spi.PropertiesComponent pc = context.getPropertiesComponent();
        Set<String> keys = new TreeSet<>(pc.loadProperties(k -> k.startsWith(PREFIX)).stringPropertyNames());
        if (pc instanceof PropertiesComponent impl) {
            // loadProperties reads the files; overrides (environment, tests, the demo) may add destinations too
            impl.getInitialProperties().stringPropertyNames().stream().filter(k -> k.startsWith(PREFIX)).forEach(keys::add);
            impl.getOverrideProperties().stringPropertyNames().stream().filter(k -> k.startsWith(PREFIX)).forEach(keys::add);
        }
        return read(keys, key -> pc.resolveProperty(key).map(String::trim).filter(v -> !v.isEmpty()));
    }

    /**
     * The destinations named by {@code keys} (every key known under {@code spotlink.destination.}), with values
     * from {@code find}, then the enabled legacy destinations: legacy first when both exist, as before.
     */
    public static List<DeliveryDestination> read(Set<String> keys, Function<String, Optional<String>> find) {
        Set<String> names = keys.stream().filter(k -> k.startsWith(PREFIX) && k.endsWith(".type"))
                .map(k -> k.substring(PREFIX.length(), k.length() - ".type".length()))
                .collect(Collectors.toCollection(TreeSet::new));
        List<DeliveryDestination> destinations = new ArrayList<>();
        for (String type : TYPES.keySet()) {
            if (!names.contains(type) && bool(find, LEGACY_PREFIX + type + ".enabled", false)) {
                destinations.add(destination(type, type, LEGACY_PREFIX + type + ".", find));
            }
        }
        for (String name : names) {
            String prefix = PREFIX + name + ".";
            if (bool(find, prefix + "enabled", true)) {
                String type = find.apply(prefix + "type").orElseThrow();
                destinations.add(destination(name, type, prefix, find));
            }
        }
        return List.copyOf(destinations);
    }

    private static DeliveryDestination destination(String name, String type, String prefix,
                                                   Function<String, Optional<String>> find) {
        List<Setting> settings = TYPES.get(type);
        if (settings == null) {
            throw new IllegalArgumentException(prefix + "type must be one of " + TYPES.keySet() + ", was '" + type + "'");
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("name", name);
        for (Setting s : settings) {
            Optional<String> value = find.apply(prefix + s.key()).or(() -> Optional.ofNullable(s.defaultValue()));
            if (value.isPresent() || s.optional()) {
                parameters.put(s.parameter(), value.orElse("")); // an optional setting left out is empty
            } else {
                throw new IllegalArgumentException("ORU destination " + name + " (" + type + ") needs " + prefix
                        + s.key());
            }
        }
        if (type.equals("mllp") && prefix.startsWith(PREFIX)
                && find.apply(prefix + "tls.enabled").map(v -> v.strip().equalsIgnoreCase("true")).orElse(false)) {
            parameters.put(TLS_PARAMETER, "#bean:" + tlsBean(name)); // left out when off: plain TCP
        }
        return new DeliveryDestination(name, type, parameters,
                find.apply(prefix + "receiving-application").orElse(null),
                find.apply(prefix + "receiving-facility").orElse(null),
                new DestinationFilter(list(find, prefix + "filter.kit-types"), list(find, prefix + "filter.test-codes"),
                        list(find, prefix + "filter.source-systems")));
    }

    /** The TLS settings of destination {@code name}: spotlink.destination.<name>.tls.* (MLLP only). */
    public static String tlsPrefix(String name) {
        return PREFIX + name + ".tls.";
    }

    /** The registry name of destination {@code name}'s TLS parameters. */
    public static String tlsBean(String name) {
        return "oruTls-" + name;
    }

    private static boolean bool(Function<String, Optional<String>> find, String key, boolean fallback) {
        return find.apply(key).map(Boolean::parseBoolean).orElse(fallback);
    }

    private static Set<String> list(Function<String, Optional<String>> find, String key) {
        return find.apply(key).map(v -> Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet())).orElse(Set.of());
    }
}
