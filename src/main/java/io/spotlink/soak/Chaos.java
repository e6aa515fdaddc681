package io.spotlink.soak;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * The disturbances of a soak, on a thread of their own: SIGKILLs of the bundle at random points of the intake
 * (drawn from the seed, spread over it), and one outage of the EHR's MLLP listener once results flow.
 */
final class Chaos {

    private static final Logger LOG = LoggerFactory.getLogger(Chaos.class);

    private final Fleet bundle;
    private final EhrStandIn ehr;
    private final SoakProgress progress;
    private final List<Double> killAt = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Duration outage;
    private final long began;
    private volatile double outageStartedAt = -1;
    private volatile boolean outageDone;

    Chaos(Fleet bundle, EhrStandIn ehr, SoakProgress progress, int kills, Duration outage, long seed,
          long began) {
        this.bundle = bundle;
        this.ehr = ehr;
        this.progress = progress;
        this.outage = outage;
        this.began = began;
        Random random = new Random(seed);
        for (int k = 0; k < kills; k++) {
            // spread over the intake: kill k falls in its own slice of 10%..85%
            double slice = 0.75 / kills;
            killAt.add(0.1 + slice * k + random.nextDouble() * slice * 0.8);
        }
    }

    /** Starts the kills and the outage, each on its own daemon thread. */
    void start() {
        daemon(this::kills, "soak-kills").start();
        daemon(this::outage, "soak-ehr-outage").start();
    }

    private void kills() {
        try {
            while (!killAt.isEmpty()) {
                if (progress.fraction() >= killAt.get(0)) {
                    double at = killAt.remove(0);
                    LOG.info("Soak: SIGKILL of the bundle at {}% of the intake", Math.round(at * 100));
                    bundle.killAndRestart(progress.fraction());
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.error("Soak: a kill or restart failed", e);
        }
    }

    private void outage() {
        try {
            while (ehr.received().size() < 5) {
                Thread.sleep(200);
            }
            outageStartedAt = (System.nanoTime() - began) / 1e9;
            LOG.info("Soak: EHR listener down for {}", outage);
            ehr.stop();
            Thread.sleep(outage.toMillis());
            ehr.restart();
            outageDone = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.error("Soak: the EHR outage failed", e);
        }
    }

    /** True when every planned kill has happened. */
    boolean killsDone() {
        return killAt.isEmpty();
    }

    private static Thread daemon(Runnable task, String name) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        return t;
    }

    /** Seconds since the soak began when the EHR went down, or -1 if it never did. */
    double outageStartedAt() {
        return outageStartedAt;
    }

    boolean outageDone() {
        return outageDone;
    }
}
