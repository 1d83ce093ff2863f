package io.graphmail.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** Writes Graph answers with the headers every Graph response has (contract §5). */
final class GraphResponses {
    private GraphResponses() {
    }

    /** Sets request-id (new GUID) and echoes client-request-id; returns the request-id. */
    static String stamp(HttpExchange ex) {
        String requestId = UUID.randomUUID().toString();
        ex.getResponseHeaders().set("request-id", requestId);
        String clientRequestId = ex.getRequestHeaders().getFirst("client-request-id");
        if (clientRequestId != null) {
            ex.getResponseHeaders().set("client-request-id", clientRequestId);
        }
        ex.getResponseHeaders().set("x-ms-ags-diagnostic",
            "{\"ServerInfo\":{\"DataCenter\":\"Loopback\",\"Slice\":\"E\",\"Ring\":\"0\",\"ScaleUnit\":\"000\",\"RoleInstance\":\"SANDBOX\"}}");
        return requestId;
    }

    static void error(HttpExchange ex, GraphError e) throws IOException {
        e.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        ObjectNode body = Jwt.JSON.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("code", e.code());
        error.put("message", e.getMessage());
        ObjectNode inner = error.putObject("innerError");
        inner.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        inner.put("request-id", ex.getResponseHeaders().getFirst("request-id"));
        String clientRequestId = ex.getRequestHeaders().getFirst("client-request-id");
        inner.put("client-request-id", clientRequestId != null ? clientRequestId
            : ex.getResponseHeaders().getFirst("request-id"));
        Http.json(ex, e.status(), body);
    }

    static void reply(HttpExchange ex, Reply r) throws IOException {
        r.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        if (r.body() == null) {
            Http.empty(ex, r.status());
        } else {
            Http.json(ex, r.status(), r.body());
        }
    }
}
