package io.spotlink.soak;

import io.spotlink.demo.MllpEhrListener;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The EHR's MLLP listener, which the soak takes down for a while and brings back on the same port. Keeps what
 * every incarnation received and answered, for the reconciliation.
 */
final class EhrStandIn implements AutoCloseable {

    private final int port;
    private final List<MllpEhrListener> past = new ArrayList<>();
    private MllpEhrListener current;

    EhrStandIn() throws IOException {
        current = MllpEhrListener.start(0);
        port = current.port();
    }

    int port() {
        return port;
    }

    synchronized void stop() throws IOException {
        past.add(current);
        current.close();
        current = null;
    }

    synchronized void restart() throws IOException {
        current = MllpEhrListener.start(port);
    }

    /** Every message received, across restarts, in arrival order. */
    synchronized List<String> received() {
        List<String> all = new ArrayList<>();
        past.forEach(l -> all.addAll(l.received()));
        if (current != null) {
            all.addAll(current.received());
        }
        return all;
    }

    /** Every ACK sent back, across restarts. */
    synchronized List<String> acks() {
        List<String> all = new ArrayList<>();
        past.forEach(l -> all.addAll(l.acks()));
        if (current != null) {
            all.addAll(current.acks());
        }
        return all;
    }

    @Override
    public synchronized void close() throws IOException {
        if (current != null) {
            current.close();
        }
    }
}
