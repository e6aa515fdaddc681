package io.spotlink.support;

import io.spotlink.demo.LocalRun;

/** Free loopback ports for test servers: the same probe the demo and the soak use. */
public final class FreePort {

    private FreePort() {
    }

    /** A port free on 127.0.0.1 right now. */
    public static int find() {
        return LocalRun.freePort();
    }
}
