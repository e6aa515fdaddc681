package io.spotlink.soak;

import java.io.IOException;
import java.util.List;

/** The bundle processes of a soak: one, or two sharing a ledger and a broker. */
interface Fleet {

    /** One kill: when (seconds since the soak began), which instance, how long until it answered HTTP again, and
     * for a leader how long until the other instance led (-1 when not measured). */
    record Kill(String instance, double atSeconds, double downSeconds, long killedPid, double progress,
                double leadershipMovedSeconds) {
    }

    void start() throws IOException, InterruptedException;

    /** SIGKILL of one instance (the leader first, when there are two) and its restart. */
    void killAndRestart(double progress) throws IOException, InterruptedException;

    void stop() throws InterruptedException;

    default void stopQuietly() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    List<Kill> kills();

    List<Integer> httpPorts();

    List<Integer> mllpPorts();
}
