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
