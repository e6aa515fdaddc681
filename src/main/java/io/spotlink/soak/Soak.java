package io.spotlink.soak;

import io.spotlink.demo.LocalRun;
import io.spotlink.sim.SpotSimulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * {@code ./spotlink soak}: the bundle as a child process between a faulty Spot simulator and a stand-in EHR,
 * orders over all four channels from senders that resend as hospital engines do, two SIGKILLs and an EHR outage,
 * then a reconciliation from the simulator's and the EHR's own state. See {@link SoakPlan} for the sizes.
 */
public final class Soak {

    private static final Logger LOG = LoggerFactory.getLogger(Soak.class);
    private static final int FILE_BATCH = 10;

    private final SoakPlan plan;
    private final long began = System.nanoTime();

    private Soak(SoakPlan plan) {
        this.plan = plan;
    }

    /** Runs the soak; exit status 0 when nothing was lost, duplicated, out of order or stuck. */
    public static int runCommand(String[] args) throws Exception {
        SoakResult result = run(SoakPlan.fromArgs(args));
        System.out.println(result.summary());
        return result.passed() ? 0 : 1;
    }

    public static SoakResult run(SoakPlan plan) throws Exception {
        return new Soak(plan).go();
    }

    private SoakResult go() throws Exception {
        Path work = plan.workDir().toAbsolutePath();
        LocalRun.deleteRecursively(work);
        Files.createDirectories(work);
        String apiKey = "soak-" + UUID.randomUUID();
        List<SoakOrder> orders = IntStream.range(0, plan.orders()).mapToObj(SoakOrder::of).toList();
        SoakProgress progress = new SoakProgress(orders.size());
        String jmsUser = "soak";
        String jmsPassword = "soak-" + UUID.randomUUID();
        try (SpotSimulator sim = SoakSimulator.start(plan, apiKey); EhrStandIn ehr = new EhrStandIn();
             SharedServices shared = plan.twoInstances() ? SharedServices.start(work, jmsUser, jmsPassword) : null) {
            BundleEnvironment env = new BundleEnvironment(work, plan.configDir(), plan.routesDir(), sim.baseUrl(),
                    apiKey, plan.spotTimeout().toMillis() + "ms", LocalRun.freePort(), LocalRun.freePort(),
                    shared == null ? LocalRun.freePort() : shared.brokerPort(), ehr.port(), jmsUser, jmsPassword,
                    shared == null ? null : shared.ledger());
            Fleet bundle = plan.twoInstances()
                    ? new TwoInstances(new BundleSupervisor("A", env, work.resolve("bundle-a.log"), began),
                    new BundleSupervisor("B", env.instance(LocalRun.freePort(), LocalRun.freePort()), work.resolve("bundle-b.log"),
                            began))
                    : new BundleSupervisor("A", env, work.resolve("bundle.log"), began);
            LOG.info("Soak: {} orders, {} instance(s); starting (logs in {})", orders.size(),
                    bundle.httpPorts().size(), work);
            Thread cleanup = new Thread(bundle::stopQuietly, "soak-cleanup");
            Runtime.getRuntime().addShutdownHook(cleanup); // the driver stopped (Ctrl-C): no bundle left behind
            try {
                bundle.start();
                double startedAt = seconds();
                Chaos chaos = new Chaos(bundle, ehr, progress, plan.kills(), plan.ehrOutage(), plan.seed(), began);
                chaos.start();

                double intakeSeconds = sendAll(orders, env, bundle, progress);
                LOG.info("Soak: intake done in {} s; waiting for every result to arrive", Math.round(intakeSeconds));
                Reconciliation.Result seen = awaitResults(orders, sim, ehr, env, chaos);
                double settledAt = seconds();
                bundle.stop();
                LedgerState ledger = LedgerState.read(env.ledgerUrl(), env.ledgerUser(), "");
                Reconciliation.Result result = Reconciliation.of(orders, sim, ehr.received(), ehr.acks(), env.outbox());
                SoakResult soak = new SoakResult(plan, result, ledger, progress, sim.faults().injected(),
                        sim.createsReceived(), bundle.kills(), chaos.outageStartedAt(), startedAt, intakeSeconds,
                        settledAt, seconds(), leftInInbox(env.inbox()), seen.complete());
                if (plan.report() != null) {
                    SoakReport.write(soak, plan.report());
                }
                return soak;
            } finally {
                bundle.stopQuietly();
                try {
                    Runtime.getRuntime().removeShutdownHook(cleanup);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running already
                }
            }
        }
    }

    /** Sends every order over its channel; returns the intake's seconds. */
    private double sendAll(List<SoakOrder> orders, BundleEnvironment env, Fleet bundle, SoakProgress progress)
            throws Exception {
        long start = System.nanoTime();
        Resender resender = new Resender(plan.deadline().dividedBy(4), Duration.ofSeconds(1));
        HttpOrderSender http = new HttpOrderSender(bundle.httpPorts());
        MllpOrderSender mllp = new MllpOrderSender(bundle.mllpPorts());
        FileOrderSender files = new FileOrderSender(env.inbox());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (JmsOrderSender jms = new JmsOrderSender(env.jmsUrl(), env.jmsUser(), env.jmsPassword(),
                BundleEnvironment.JMS_QUEUE)) {
            List<SoakOrder> fileOrders = new ArrayList<>();
            for (SoakOrder order : orders) {
                switch (order.channel()) {
                    case HTTP -> pool.submit(() -> send(resender, order, progress, http::attempt));
                    case MLLP -> pool.submit(() -> send(resender, order, progress, mllp::attempt));
                    case JMS -> pool.submit(() -> send(resender, order, progress, jms::attempt));
                    case FILE -> fileOrders.add(order);
                }
            }
            pool.submit(() -> dropFiles(fileOrders, files, progress));
            pool.shutdown();
            if (!pool.awaitTermination(plan.deadline().toMillis(), TimeUnit.MILLISECONDS)) {
                pool.shutdownNow();
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static Void send(Resender resender, SoakOrder order, SoakProgress progress, Resender.Channel channel)
            throws InterruptedException {
        resender.send(order, progress, detail -> channel.attempt(order, detail));
        return null;
    }

    /** Files are dropped a batch at a time, spread over the intake as a hospital's export job would. */
    private static Void dropFiles(List<SoakOrder> orders, FileOrderSender files, SoakProgress progress)
            throws Exception {
        for (int i = 0; i < orders.size(); i += FILE_BATCH) {
            List<SoakOrder> batch = orders.subList(i, Math.min(orders.size(), i + FILE_BATCH));
            files.drop(batch);
            progress.handedOver(Channel.FILE, batch.size());
            Thread.sleep(300);
        }
        return null;
    }

    /** Until every kit is finished at the simulator and its results reached both destinations, or the deadline. */
    private Reconciliation.Result awaitResults(List<SoakOrder> orders, SpotSimulator sim, EhrStandIn ehr,
                                               BundleEnvironment env, Chaos chaos) throws Exception {
        long deadline = began + plan.deadline().toNanos();
        Reconciliation.Result result;
        int round = 0;
        do {
            Thread.sleep(2000);
            result = Reconciliation.of(orders, sim, ehr.received(), ehr.acks(), env.outbox());
            if (++round % 10 == 0) {
                LOG.info("Soak: waiting; kits unfinished at Spot {}, versions not yet at the EHR {}, not yet in the "
                        + "outbox {}", result.unfinishedKits(), result.mllpMissing().size(),
                        result.fileMissing().size());
            }
        } while (!(result.complete() && chaos.outageDone() && chaos.killsDone() && ledgerSettled(env))
                && System.nanoTime() < deadline);
        return result;
    }

    private static final java.net.http.HttpClient LEDGER_PROBE = java.net.http.HttpClient.newHttpClient();

    /**
     * The bundle's delivery ledger holds nothing pending or sending: an ORU the EHR took just before a kill is still
     * SENDING in the ledger until it is sent again (same MSH-10) and acknowledged.
     */
    private static boolean ledgerSettled(BundleEnvironment env) {
        for (String status : List.of("sending", "pending")) {
            try {
                java.net.http.HttpResponse<String> answer = LEDGER_PROBE.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + env.httpPort() + "/deliveries?status=" + status))
                        .timeout(java.time.Duration.ofSeconds(5)).GET().build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() != 200 || !answer.body().contains("\"count\":0")) {
                    return false;
                }
            } catch (IOException e) {
                return false; // restarting after a kill
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private static int leftInInbox(Path inbox) throws IOException {
        if (!Files.isDirectory(inbox)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(inbox)) {
            return (int) files.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith("."))
                    .count();
        }
    }

    private double seconds() {
        return (System.nanoTime() - began) / 1e9;
    }
}
