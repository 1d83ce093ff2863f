package io.graphmail.it;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/** Calls a servlet of the deployed test application the way a browser would: a form POST on loopback. */
final class AppClient {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final int port;
    private final String contextRoot;

    /**
     * @param app         what Arquillian injected: its port is the server's (its host is Payara's host name, its path
     *                    is the context root only when the WAR has a single servlet)
     * @param contextRoot the WAR's name without ".war"
     */
    AppClient(URL app, String contextRoot) {
        this.port = app.getPort();
        this.contextRoot = "/" + contextRoot + "/";
    }

    /** @return the response; its body is the application's text (a stack trace when it failed) */
    HttpResponse<String> post(String path, Map<String, String> params) throws IOException, InterruptedException {
        return post(path, params, Duration.ofSeconds(120));
    }

    /** @param timeout how long the application may take to answer */
    HttpResponse<String> post(String path, Map<String, String> params, Duration timeout)
            throws IOException, InterruptedException {
        String form = params.entrySet().stream()
            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
        URI uri;
        try {
            // Payara reports its host name; it listens on 127.0.0.1 only
            uri = new URI("http", null, "127.0.0.1", port, contextRoot + path, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(contextRoot + path + ": " + e.getMessage(), e);
        }
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    /** POSTs and fails the test, with the application's own account, unless it answers 200. */
    String ok(String path, Map<String, String> params) throws IOException, InterruptedException {
        return ok(path, params, Duration.ofSeconds(120));
    }

    /** As {@link #ok(String, Map)}, for work that takes the application longer. */
    String ok(String path, Map<String, String> params, Duration timeout) throws IOException, InterruptedException {
        HttpResponse<String> r = post(path, params, timeout);
        if (r.statusCode() != 200) {
            throw new AssertionError("POST " + path + " " + params + " answered " + r.statusCode() + ":\n" + r.body());
        }
        return r.body();
    }
}
