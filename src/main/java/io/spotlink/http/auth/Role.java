package io.spotlink.http.auth;

import java.util.Locale;

/** What an API key may do on the HTTP faces. Health, metrics and /api-doc need no key; Spot's callback has its own. */
public enum Role {
    /** POST /orders */
    SUBMITTER,
    /** GET /orders/{id}, GET /deliveries */
    READER,
    /** POST /deliveries/{id}/replay, GET /orders/{id}?refresh=true, the operator page; also reads */
    OPERATOR;

    public static Role of(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown role '" + text.strip() + "' (submitter, reader or operator)");
        }
    }

    /** An operator reads what a reader reads. */
    boolean grants(Role needed) {
        return this == needed || (this == OPERATOR && needed == READER);
    }
}
