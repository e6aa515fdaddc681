package io.spotlink.soak;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Keeps one bundle process running: starts it, SIGKILLs it and restarts it, and records how long each took. */
final class BundleSupervisor implements Fleet {

    private final String name;
    private final BundleEnvironment environment;
    private final Path log;
    private final long began;
    private final List<Kill> kills = new ArrayList<>();
    private BundleProcess current;
    private boolean stopped; // no restart after the soak stopped the bundle

    BundleSupervisor(String name, BundleEnvironment environment, Path log, long began) {
        this.name = name;
        this.environment = environment;
        this.log = log;
        this.began = began;
    }

    @Override
    public synchronized void start() throws IOException, InterruptedException {
        current = BundleProcess.start(environment.variables(), environment.workDir(), log, environment.httpPort());
        if (!current.awaitReady(Duration.ofSeconds(120))) {
            throw new IllegalStateException("the bundle did not start; see " + log);
        }
    }

    @Override
    public synchronized void killAndRestart(double progress) throws IOException, InterruptedException {
        killAndRestart(progress, () -> -1);
    }

    /** Kills, lets {@code whileDown} measure something (a leadership move) before the restart, restarts. */
    synchronized void killAndRestart(double progress, java.util.function.DoubleSupplier whileDown)
            throws IOException, InterruptedException {
        if (stopped) {
            return;
        }
        long at = System.nanoTime();
        long pid = current.pid();
        current.kill();
        double measured = whileDown.getAsDouble();
        start();
        kills.add(new Kill(name, (at - began) / 1e9, (System.nanoTime() - at) / 1e9, pid, progress, measured));
    }

    Path log() {
        return log;
    }

    @Override
    public synchronized void stop() throws InterruptedException {
        stopped = true;
        if (current != null && current.isAlive()) {
            current.stop();
        }
    }

    @Override
    public synchronized List<Kill> kills() {
        return List.copyOf(kills);
    }

    @Override
    public List<Integer> httpPorts() {
        return List.of(environment.httpPort());
    }

    @Override
    public List<Integer> mllpPorts() {
        return List.of(environment.mllpPort());
    }
}
