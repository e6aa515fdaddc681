package io.spotlink.following;

import io.spotlink.config.ClusterBeans;
import io.spotlink.support.YamlRoutes;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * routes/result-poll.yaml on its real leader timer: the retrieves run on the pool, yet the next cycle starts only
 * once the last one ended, however short spotlink.results.poll-interval is (the timer waits for the whole route).
 */
class ResultPollTimerTest {

    /** Stands in for resultPoller: one changed order per cycle, whose retrieve waits for the test. */
    public static final class HeldPoller {
        final AtomicInteger started = new AtomicInteger();
        final AtomicInteger ended = new AtomicInteger();
        final CountDownLatch release = new CountDownLatch(1);

        public String startCycle() {
            started.incrementAndGet();
            return "cycle";
        }

        public List<String> changedOrders(Object cycle) {
            return List.of("O1");
        }

        public void retrieve(String spotOrderId, Object cycle) throws InterruptedException {
            assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
        }

        public void advanceWindow(Object cycle) {
        }

        public List<String> dueForSweep(Object cycle) {
            return List.of();
        }

        public Map<String, Object> endCycle(Object cycle) {
            ended.incrementAndGet();
            return Map.of("orders", 1, "interrupted", false);
        }
    }

    @Test
    void aCycleStillRetrievingHoldsTheNextOneBack() throws Exception {
        CamelContext context = new DefaultCamelContext();
        Properties props = new Properties();
        props.setProperty("spotlink.results.poll-enabled", "true");
        props.setProperty("spotlink.results.poll-interval", "20");
        props.setProperty("spotlink.results.poll-delay", "0");
        context.getPropertiesComponent().setInitialProperties(props);
        new ClusterBeans().configure(context);
        HeldPoller poller = new HeldPoller();
        context.getRegistry().bind("resultPoller", poller);
        context.getRegistry().bind("resultPollRetrieves", context.getExecutorServiceManager()
                .newFixedThreadPool(poller, "result-poll-retrieve", 2));
        YamlRoutes.load(context, "result-poll.yaml");
        context.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> poller.started.get() == 1);
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                    .until(() -> poller.started.get() == 1);
            poller.release.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> poller.ended.get() >= 3);
            assertThat(poller.started.get()).as("one cycle at a time").isLessThanOrEqualTo(poller.ended.get() + 1);
        } finally {
            poller.release.countDown();
            context.close();
        }
    }
}
