package io.spotlink.soak;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Keeps one bundle process running: starts it, SIGKILLs it and restarts it, and records how long each took. */
final class BundleSupervisor {

    /** One kill: when (seconds since the soak began), and how long until the new process answered HTTP. */
    record Kill(double atSeconds, double downSeconds, long killedPid, double progress) {
    }

    private final BundleEnvironment environment;
    private final Path log;
    private final long began;
    private final List<Kill> kills = new ArrayList<>();
    private BundleProcess current;
    private boolean stopped; // no restart after the soak stopped the bundle

    BundleSupervisor(BundleEnvironment environment, Path log, long began) {
        this.environment = environment;
        this.log = log;
        this.began = began;
    }

    synchronized void start() throws IOException, InterruptedException {
        current = BundleProcess.start(environment.variables(), environment.workDir(), log, environment.httpPort());
        if (!current.awaitReady(Duration.ofSeconds(120))) {
            throw new IllegalStateException("the bundle did not start; see " + log);
        }
    }

    synchronized void killAndRestart(double progress) throws IOException, InterruptedException {
        if (stopped) {
            return;
        }
        long at = System.nanoTime();
        long pid = current.pid();
        current.kill();
        start();
        kills.add(new Kill((at - began) / 1e9, (System.nanoTime() - at) / 1e9, pid, progress));
    }

    synchronized void stop() throws InterruptedException {
        stopped = true;
        if (current != null && current.isAlive()) {
            current.stop();
        }
    }

    /** Stops the bundle if it still runs (after a failure, or when the driver itself is stopped). */
    void stopQuietly() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    synchronized List<Kill> kills() {
        return List.copyOf(kills);
    }
}
