package io.graphmail.graph;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.http.HttpHeaders;
import java.util.OptionalLong;

/**
 * What Graph said when it refused a request (docs/graph-behaviour.md §5): HTTP status, {@code code}, {@code message}
 * and the ids Microsoft support asks for. Branch on {@link #code()}, never on the message.
 */
public final class GraphError {


    private final int status;
    private final String code;
    private final String message;
    private final String requestId;
    private final String clientRequestId;
    private final Long retryAfterSeconds;

    GraphError(int status, String code, String message, String requestId, String clientRequestId, Long retryAfterSeconds) {
        this.status = status;
        this.code = code;
        this.message = message;
        this.requestId = requestId;
        this.clientRequestId = clientRequestId;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    static GraphError parse(int status, HttpHeaders headers, String body, String sentClientRequestId) {
        String code = null;
        String message = null;
        String requestId = headers.firstValue("request-id").orElse(null);
        try {
            JsonNode error = body == null || body.isBlank() ? null : Json.mapper().readTree(body).path("error");
            if (error != null && error.isObject()) {
                code = text(error, "code");
                message = text(error, "message");
                JsonNode inner = error.has("innerError") ? error.get("innerError") : error.path("innererror");
                if (requestId == null) {
                    requestId = text(inner, "request-id");
                }
            }
        } catch (Exception notJson) {
            // gateways and proxies answer with HTML; keep the status and a short excerpt
            message = body.length() > 200 ? body.substring(0, 200) + "..." : body;
        }
        if (code == null) {
            code = "HTTP" + status;
        }
        String clientRequestId = headers.firstValue("client-request-id").orElse(sentClientRequestId);
        return new GraphError(status, code, message == null ? "" : message, requestId, clientRequestId,
                retryAfter(headers).isPresent() ? retryAfter(headers).getAsLong() : null);
    }

    private static String text(JsonNode node, String field) {
        JsonNode n = node == null ? null : node.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    static OptionalLong retryAfter(HttpHeaders headers) {
        String v = headers.firstValue("Retry-After").orElse(null);
        if (v == null) return OptionalLong.empty();
        try {
            return OptionalLong.of(Math.max(0, Long.parseLong(v.trim())));
        } catch (NumberFormatException httpDate) {
            return OptionalLong.empty();
        }
    }

    public int status() { return status; }
    public String code() { return code; }
    public String message() { return message; }
    /** Graph's {@code request-id}, or null when the answer did not come from Graph. */
    public String requestId() { return requestId; }
    public String clientRequestId() { return clientRequestId; }
    /** Seconds from the Retry-After header, or null. */
    public Long retryAfterSeconds() { return retryAfterSeconds; }

    /** "403 ErrorSendAsDenied: message [request-id ..., client-request-id ...]". */
    @Override
    public String toString() {
        return status + " " + code + (message.isEmpty() ? "" : ": " + message)
                + " [request-id " + requestId + ", client-request-id " + clientRequestId + "]";
    }
}
