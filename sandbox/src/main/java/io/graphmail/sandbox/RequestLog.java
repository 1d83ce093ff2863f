package io.graphmail.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.sun.net.httpserver.HttpExchange;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The last requests clients made to the stand-in services (identity platform, Graph, upload URLs), for the web
 * page's panel. Paths only: query strings can hold an upload URL's credential, and bodies and headers hold tokens
 * and secrets, so none of them is kept.
 */
final class RequestLog {
    static final int SIZE = 200;

    /** One request as the panel shows it. */
    record Entry(Instant at, String service, String method, String path, int status, String requestId) {
    }

    private final Deque<Entry> entries = new ArrayDeque<>();

    void record(String service, HttpExchange ex) {
        Entry e = new Entry(Instant.now(), service, ex.getRequestMethod(), ex.getRequestURI().getPath(),
            ex.getResponseCode(), ex.getResponseHeaders().containsKey("request-id")
                ? ex.getResponseHeaders().getFirst("request-id") : ex.getResponseHeaders().getFirst("x-ms-request-id"));
        synchronized (this) {
            if (entries.size() == SIZE) {
                entries.removeFirst();
            }
            entries.addLast(e);
        }
    }

    /** @return the entries, newest first */
    synchronized ArrayNode toJson() {
        ArrayNode a = Jwt.JSON.createArrayNode();
        entries.descendingIterator().forEachRemaining(e -> a.addObject()
            .put("at", e.at().toString())
            .put("service", e.service())
            .put("method", e.method())
            .put("path", e.path())
            .put("status", e.status())
            .put("requestId", e.requestId()));
        return a;
    }

    synchronized void clear() {
        entries.clear();
    }
}
