package io.spotlink.config;

import io.spotlink.support.YamlRoutes;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * spotlink.cluster.mode=file: two instances (two CamelContexts configured by ClusterBeans, each with the real
 * routes/result-poll.yaml) share one lock folder. Only the lock holder polls; when it stops, the other takes over.
 */
class FileClusterModeTest {

    /** Stands in for resultPoller: counts the cycles this instance started; nothing changed, nothing due. */
    public static final class CountingPoller {
        final AtomicInteger cycles = new AtomicInteger();

        public String startCycle() {
            cycles.incrementAndGet();
            return "cycle";
        }

        public List<String> changedOrders(Object cycle) {
            return List.of();
        }

        public void retrieve(String spotOrderId, Object cycle) {
        }

        public void advanceWindow(Object cycle) {
        }

        public List<String> dueForSweep(Object cycle) {
            return List.of();
        }

        public Map<String, Object> endCycle(Object cycle) {
            return Map.of("orders", 0, "interrupted", false);
        }
    }

    private record Instance(CamelContext context, CountingPoller poller) {
        int cycles() {
            return poller.cycles.get();
        }
    }

    private static Instance start(Path lockRoot) throws Exception {
        CamelContext context = new DefaultCamelContext();
        Properties props = new Properties();
        props.setProperty("spotlink.cluster.mode", "file");
        props.setProperty("spotlink.cluster.file.root", lockRoot.toString());
        props.setProperty("spotlink.cluster.file.start-delay", "100ms");
        props.setProperty("spotlink.cluster.file.interval", "200ms");
        props.setProperty("spotlink.results.poll-enabled", "true");
        props.setProperty("spotlink.results.poll-interval", "50");
        props.setProperty("spotlink.results.poll-delay", "0");
        context.getPropertiesComponent().setInitialProperties(props);
        new ClusterBeans().configure(context);
        CountingPoller poller = new CountingPoller();
        context.getRegistry().bind("resultPoller", poller);
        context.getRegistry().bind("resultPollRetrieves", context.getExecutorServiceManager()
                .newFixedThreadPool(poller, "result-poll-retrieve", 1));
        YamlRoutes.load(context, "result-poll.yaml");
        context.start();
        return new Instance(context, poller);
    }

    @Test
    void onlyTheLockHolderPollsAndTheOtherTakesOverWhenItStops(@TempDir Path lockRoot) throws Exception {
        Instance first = start(lockRoot);
        Instance second = null;
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> first.cycles() >= 3);
            second = start(lockRoot);
            Instance follower = second;

            // While the first holds the lock, the second never polls, and the first keeps polling.
            int before = first.cycles();
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> follower.cycles() == 0);
            assertThat(first.cycles()).isGreaterThan(before);
            try (var files = Files.list(lockRoot)) {
                assertThat(files).as("the lock file in the shared folder").isNotEmpty();
            }

            first.context().stop();
            int atStop = first.cycles();
            await().atMost(Duration.ofSeconds(10)).until(() -> follower.cycles() >= 3);
            assertThat(first.cycles()).as("a stopped instance polls no more").isEqualTo(atStop);
        } finally {
            first.context().close();
            if (second != null) {
                second.context().close();
            }
        }
    }
}
