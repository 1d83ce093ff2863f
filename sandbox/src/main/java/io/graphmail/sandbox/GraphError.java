package io.graphmail.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;

/** A Graph error answer (contract §5), thrown from deep inside a handler and rendered once by the router. */
final class GraphError extends RuntimeException {
    private final int status;
    private final String code;
    private final Map<String, String> headers = new LinkedHashMap<>();

    GraphError(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    GraphError header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** @param seconds the Retry-After header, or null to send none */
    GraphError retryAfter(Integer seconds) {
        return seconds == null ? this : header("Retry-After", Integer.toString(seconds));
    }

    /** The refusal a throttle or unavailable fault stands for (contract §4), with its Retry-After if any. */
    static GraphError forFault(Fault fault) {
        GraphError e = switch (fault.kind()) {
            case THROTTLE -> new GraphError(429, "TooManyRequests", "Too many requests. Please retry again later.");
            case UNAVAILABLE -> new GraphError(503, "ServiceUnavailable",
                "The service is temporarily unavailable. Please retry later.");
            default -> throw new IllegalArgumentException(fault + " is not a refusal");
        };
        return e.retryAfter(fault.retryAfterSeconds());
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    Map<String, String> headers() {
        return headers;
    }

    static GraphError badRequest(String code, String message) {
        return new GraphError(400, code, message);
    }
}
