package io.graphmail.sandbox;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The web page's files, served from the sandbox's own jar: nothing is fetched from elsewhere at run time, and the
 * Content-Security-Policy says so to the browser too.
 */
final class WebAssets {
    private static final Map<String, String> FILES = Map.of(
        "index.html", "text/html; charset=utf-8",
        "app.css", "text/css; charset=utf-8",
        "app.js", "text/javascript; charset=utf-8",
        "favicon.svg", "image/svg+xml");
    /** frame-src 'self': the message frame shows the HTML body from this server; img-src for inline parts. */
    private static final String POLICY = "default-src 'self'; img-src 'self' data:; frame-src 'self'; "
        + "object-src 'none'; base-uri 'none'; form-action 'self'";

    private WebAssets() {
    }

    /** @return whether the name was one of the page's files (and was sent) */
    static boolean serve(HttpExchange ex, String name) throws IOException {
        String type = FILES.get(name);
        if (type == null) {
            return false;
        }
        byte[] body;
        try (InputStream in = WebAssets.class.getResourceAsStream("web/" + name)) {
            if (in == null) {
                throw new IOException("the sandbox jar lacks its web file " + name);
            }
            body = in.readAllBytes();
        }
        ex.getResponseHeaders().set("Content-Security-Policy", POLICY);
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        Http.send(ex, 200, type, body);
        return true;
    }

    static void notFound(HttpExchange ex, String what) throws IOException {
        Http.send(ex, 404, "text/plain; charset=utf-8", ("no such sandbox page: " + what)
            .getBytes(StandardCharsets.UTF_8));
    }
}
