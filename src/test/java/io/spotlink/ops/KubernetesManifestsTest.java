package io.spotlink.ops;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kubernetes manifests agree with the bundle they deploy: container and service ports are the ports config/
 * listens on, every environment variable names a setting config/ knows, the probes use the health endpoints, the
 * multi-replica overlay turns the embedded broker off, and the pod runs as non-root on a read-only root.
 */
class KubernetesManifestsTest {

    private static final Path K8S = Path.of("k8s");
    /** Variables read by the launcher itself or the JVM, not settings of config/application.properties. */
    private static final Set<String> LAUNCHER_VARIABLES = Set.of("SPOTLINK_CONFIG_DIR", "JAVA_TOOL_OPTIONS");

    private final Properties config = config();

    @Test
    void containerAndServicePortsAreThePortsTheBundleListensOn() throws IOException {
        Map<String, Object> container = container(document("base/deployment.yaml"));
        Map<String, Integer> ports = new java.util.HashMap<>();
        for (Map<String, Object> port : maps(container.get("ports"))) {
            ports.put((String) port.get("name"), (Integer) port.get("containerPort"));
        }
        assertThat(ports).containsEntry("http", Integer.parseInt(config.getProperty("camel.server.port")))
                .containsEntry("mllp", Integer.parseInt(config.getProperty("spotlink.intake.mllp.port")));

        for (Map<String, Object> port : maps(path(document("base/service.yaml"), "spec", "ports"))) {
            assertThat(ports).containsKey((String) port.get("targetPort"));
            assertThat(port.get("port")).isEqualTo(ports.get((String) port.get("targetPort")));
        }
    }

    /** Kubernetes waits longer than the bundle's grace period before it SIGKILLs the pod (issue 15). */
    @Test
    void terminationGracePeriodExceedsTheShutdownGracePeriod() throws IOException {
        Map<String, Object> deployment = document("base/deployment.yaml");
        Object seconds = path(deployment, "spec", "template", "spec", "terminationGracePeriodSeconds");
        assertThat(seconds).as("terminationGracePeriodSeconds").isInstanceOf(Integer.class);
        java.time.Duration grace = java.time.Duration.parse("PT" + config.getProperty(
                io.spotlink.shutdown.ShutdownBeans.GRACE_PERIOD).strip().toUpperCase(java.util.Locale.ROOT));
        assertThat(grace).isEqualTo(io.spotlink.shutdown.ShutdownBeans.DEFAULT_GRACE_PERIOD);
        // a margin of at least 5 s for the JVM, the last ACK and the ledger to close after the grace period
        assertThat((long) (Integer) seconds).isGreaterThanOrEqualTo(grace.toSeconds() + 5);
        for (Path manifest : manifests()) { // no overlay shortens it below the grace period
            String text = Files.readString(manifest);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("terminationGracePeriodSeconds:\\s*(\\d+)")
                    .matcher(text);
            while (m.find()) {
                assertThat(Long.parseLong(m.group(1))).as(manifest.toString()).isGreaterThan(grace.toSeconds());
            }
        }
    }

    @Test
    void everyEnvironmentVariableNamesAKnownSetting() throws IOException {
        Set<String> known = new TreeSet<>();
        for (String key : keysIncludingCommentedOnes()) {
            known.add(key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_'));
        }
        List<String> unknown = new ArrayList<>();
        for (Path file : manifests()) {
            for (Object doc : new Yaml(new LoaderOptions()).loadAll(Files.readString(file))) {
                collectEnvNames(doc, unknown, known);
            }
        }
        assertThat(unknown).as("environment variables that name no setting of config/application.properties")
                .isEmpty();
    }

    @Test
    void probesUseTheHealthEndpointsOnTheHttpPort() throws IOException {
        Map<String, Object> container = container(document("base/deployment.yaml"));
        String health = config.getProperty("camel.management.health-path", "/observe/health");
        assertThat(config.getProperty("camel.management.health-check-enabled")).isEqualTo("true");
        assertThat(config.getProperty("camel.management.port")).isEqualTo("{{camel.server.port}}");
        assertThat(path(container, "readinessProbe", "httpGet", "path")).isEqualTo(health + "/ready");
        assertThat(path(container, "livenessProbe", "httpGet", "path")).isEqualTo(health + "/live");
        assertThat(path(container, "readinessProbe", "httpGet", "port")).isEqualTo("http");
        assertThat(path(container, "livenessProbe", "httpGet", "port")).isEqualTo("http");
    }

    @Test
    void theMultiReplicaOverlayUsesOneExternalBrokerAndASharedLedger() throws IOException {
        Map<String, Object> patch = document("overlays/postgres-3-replicas/deployment-patch.yaml");
        assertThat(path(patch, "spec", "replicas")).isEqualTo(3);
        Map<String, Object> env = envValues(container(patch));
        assertThat(env).containsEntry("SPOTLINK_JMS_EMBEDDED", "false").containsKey("SPOTLINK_JMS_URL")
                .containsEntry("SPOTLINK_CLUSTER_MODE", "kubernetes");
        assertThat((String) env.get("SPOTLINK_LEDGER_URL")).startsWith("jdbc:postgresql:");
        assertThat(path(document("overlays/postgres-3-replicas/pdb-patch.yaml"), "spec", "minAvailable"))
                .isEqualTo(2);

        Map<String, Object> single = document("overlays/single-h2/deployment-patch.yaml");
        assertThat(path(single, "spec", "replicas")).isEqualTo(1);
        assertThat(path(single, "spec", "strategy", "type")).isEqualTo("Recreate");
    }

    @Test
    void thePodRunsAsNonRootOnAReadOnlyRootFilesystem() throws IOException {
        Map<String, Object> deployment = document("base/deployment.yaml");
        assertThat(path(deployment, "spec", "template", "spec", "securityContext", "runAsNonRoot")).isEqualTo(true);
        assertThat(path(container(deployment), "securityContext", "readOnlyRootFilesystem")).isEqualTo(true);
        String dockerfile = Files.readString(Path.of("Dockerfile"));
        assertThat(dockerfile).contains("FROM eclipse-temurin:17-jre").containsPattern("(?m)^USER 10001");
        assertThat(Files.readString(K8S.resolve("base/kustomization.yaml"))).contains("pdb.yaml");
    }

    // --- helpers

    private static void collectEnvNames(Object node, List<String> unknown, Set<String> known) {
        if (node instanceof Map<?, ?> map) {
            if (map.get("env") instanceof List<?> env) {
                for (Object entry : env) {
                    String name = (String) ((Map<?, ?>) entry).get("name");
                    if (!LAUNCHER_VARIABLES.contains(name) && !known.contains(name)) {
                        unknown.add(name);
                    }
                }
            }
            map.values().forEach(v -> collectEnvNames(v, unknown, known));
        } else if (node instanceof List<?> list) {
            list.forEach(v -> collectEnvNames(v, unknown, known));
        }
    }

    private static Set<String> keysIncludingCommentedOnes() throws IOException {
        Set<String> keys = new TreeSet<>();
        Pattern key = Pattern.compile("^#?\\s*([a-z][a-z0-9.\\-]+)\\s*=");
        for (String line : Files.readAllLines(Path.of("config/application.properties"), StandardCharsets.UTF_8)) {
            Matcher m = key.matcher(line);
            if (m.find()) {
                keys.add(m.group(1));
            }
        }
        return keys;
    }

    private static Map<String, Object> envValues(Map<String, Object> container) {
        Map<String, Object> values = new java.util.HashMap<>();
        for (Map<String, Object> e : maps(container.get("env"))) {
            values.put((String) e.get("name"), e.getOrDefault("value", e.get("valueFrom")));
        }
        return values;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> container(Map<String, Object> deployment) {
        return maps(path(deployment, "spec", "template", "spec", "containers")).get(0);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Object list) {
        return (List<Map<String, Object>>) list;
    }

    @SuppressWarnings("unchecked")
    private static Object path(Map<String, Object> map, String... keys) {
        Object node = map;
        for (String k : keys) {
            node = ((Map<String, Object>) node).get(k);
        }
        return node;
    }

    private static Map<String, Object> document(String relative) throws IOException {
        return new Yaml(new LoaderOptions()).load(Files.readString(K8S.resolve(relative)));
    }

    private static List<Path> manifests() throws IOException {
        try (Stream<Path> files = Files.walk(K8S)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    private static Properties config() {
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("config/application.properties"))) {
            props.load(reader);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return props;
    }
}
