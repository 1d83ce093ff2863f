package io.graphmail.auth;

import com.microsoft.aad.msal4j.HttpRequest;
import com.microsoft.aad.msal4j.IHttpClient;
import com.microsoft.aad.msal4j.IHttpResponse;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Lets MSAL4J talk through our java.net.http client, so that token requests use the same trust store, timeouts and
 * connection pool as Graph calls (MSAL's own client would use the JVM defaults and infinite timeouts).
 */
final class JdkMsalHttpClient implements IHttpClient {

    // java.net.http sets these itself and refuses them from callers
    private static final Set<String> RESTRICTED = Set.of("content-length", "host", "connection", "expect", "upgrade");

    private final java.util.function.Supplier<HttpClient> http;
    private final Duration timeout;

    JdkMsalHttpClient(java.util.function.Supplier<HttpClient> http, Duration timeout) {
        this.http = http;
        this.timeout = timeout;
    }

    @Override
    public IHttpResponse send(HttpRequest request) throws Exception {
        java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(request.url().toURI()).timeout(timeout);
        if (request.headers() != null) {
            request.headers().forEach((k, v) -> {
                if (v != null && !RESTRICTED.contains(k.toLowerCase(Locale.ROOT))) {
                    b.header(k, v);
                }
            });
        }
        String body = request.body();
        b.method(request.httpMethod().methodName, body == null
                ? java.net.http.HttpRequest.BodyPublishers.noBody()
                : java.net.http.HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.get().send(b.build(), HttpResponse.BodyHandlers.ofString());
        Map<String, List<String>> headers = r.headers().map();
        String responseBody = r.body();
        int status = r.statusCode();
        return new IHttpResponse() {
            @Override
            public int statusCode() {
                return status;
            }

            @Override
            public Map<String, List<String>> headers() {
                return headers;
            }

            @Override
            public String body() {
                return responseBody;
            }
        };
    }
}
