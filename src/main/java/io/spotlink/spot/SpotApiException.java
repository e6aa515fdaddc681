package io.spotlink.spot;

import java.util.List;

/** A call to Spot failed. Subclasses say whether the caller can fix it, an operator must, or a retry might. */
public class SpotApiException extends RuntimeException {

    private final int status;
    private final String type;
    private final List<String> details;

    public SpotApiException(int status, String type, List<String> details, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.type = type;
        this.details = List.copyOf(details);
    }

    /** The HTTP status, or 0 when no response came back. */
    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    /** Spot's explanation, one entry per problem it named. */
    public List<String> details() {
        return details;
    }

    /** 400: Spot refused the request; resending it unchanged cannot succeed. */
    public static class BadRequest extends SpotApiException {
        public BadRequest(String type, List<String> details) {
            super(400, type, details, "Spot rejected the request: " + String.join("; ", details), null);
        }
    }

    /** 404: the order or kit does not exist at Spot. */
    public static class NotFound extends SpotApiException {
        public NotFound(String type, List<String> details) {
            super(404, type, details, "Not found at Spot: " + String.join("; ", details), null);
        }
    }

    /** 401/403: the API key is missing, wrong or lacks rights. An operator must fix the configuration. */
    public static class Configuration extends SpotApiException {
        public Configuration(int status, String type, List<String> details) {
            super(status, type, details, "Spot refused the API key (HTTP " + status
                    + "): check SPOT_API_KEY and spot.api.base-url. " + String.join("; ", details), null);
        }
    }

    /**
     * 429, 5xx or no answer (refused connection, timeout). The request may be tried again later: spot-call
     * redelivers idempotent calls; a create is looked for at Spot before it is sent again when the failure
     * {@link #mayHaveBeenApplied() may hide a created order}.
     */
    public static class Unavailable extends SpotApiException {
        private final java.time.Duration retryAfter;
        private final boolean mayHaveBeenApplied;

        public Unavailable(int status, String type, List<String> details, java.time.Duration retryAfter,
                           boolean mayHaveBeenApplied, Throwable cause) {
            this(status, type, details, retryAfter, mayHaveBeenApplied, "Spot unavailable: "
                    + (details.isEmpty() ? "no response" : String.join("; ", details)), cause);
        }

        protected Unavailable(int status, String type, List<String> details, java.time.Duration retryAfter,
                              boolean mayHaveBeenApplied, String message, Throwable cause) {
            super(status, type, details, message, cause);
            this.retryAfter = retryAfter;
            this.mayHaveBeenApplied = mayHaveBeenApplied;
        }

        /** Spot's Retry-After (in seconds on the wire), or null when it sent none. */
        public java.time.Duration retryAfter() {
            return retryAfter;
        }

        /** A 5xx or a read timeout may have done the work; a refused connection or a 429 did not. */
        public boolean mayHaveBeenApplied() {
            return mayHaveBeenApplied;
        }
    }

    /** The circuit breaker is open after sustained failures: nothing was sent. Try again after {@code retryAfter}. */
    public static class BreakerOpen extends Unavailable {
        public BreakerOpen(java.time.Duration retryAfter) {
            super(503, null, List.of("circuit breaker open"), retryAfter, false,
                    "Spot unavailable: calls paused after repeated failures (circuit breaker open)", null);
        }
    }
}
