package io.spotlink.http;

import java.util.Map;

/**
 * An answer other than success, thrown by the HTTP beans and answered by the routeConfiguration http-errors
 * (routes/http-errors.yaml): the status, the JSON body and any headers (Retry-After). Carries no stack trace: it
 * is an answer, not a fault.
 */
public class HttpProblem extends RuntimeException {

    private final int status;
    private final Map<String, Object> body;
    private final Map<String, Object> headers;

    public HttpProblem(int status, Map<String, Object> body) {
        this(status, body, Map.of());
    }

    public HttpProblem(int status, Map<String, Object> body, Map<String, Object> headers) {
        super("HTTP " + status, null, false, false);
        this.status = status;
        this.body = body;
        this.headers = headers;
    }

    /** The usual body: a message alone. */
    public static HttpProblem of(int status, String message) {
        return new HttpProblem(status, Map.of("message", message));
    }

    public int status() {
        return status;
    }

    public Map<String, Object> body() {
        return body;
    }

    public Map<String, Object> headers() {
        return headers;
    }
}
