package io.spotlink.soak;

/** The intake channels the soak sends over; each order goes over exactly one. */
public enum Channel {
    HTTP, JMS, FILE, MLLP;

    static Channel of(int index) {
        return values()[index % values().length];
    }
}
