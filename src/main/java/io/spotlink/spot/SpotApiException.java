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

    /** 429, 5xx or I/O failures that outlasted every retry. The request may be tried again later. */
    public static class Unavailable extends SpotApiException {
        public Unavailable(int status, String type, List<String> details, int attempts, Throwable cause) {
            super(status, type, details, "Spot unavailable after " + attempts + " attempt(s): "
                    + (details.isEmpty() ? "no response" : String.join("; ", details)), cause);
        }
    }
}
