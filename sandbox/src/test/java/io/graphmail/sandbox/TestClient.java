package io.graphmail.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;

/** A plain java.net.http client that sees exactly what any client of the sandbox sees. */
final class TestClient {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String TENANT = SandboxConfig.DEMO_TENANT_ID;
    static final String CLIENT = SandboxConfig.DEMO_CLIENT_ID;
    static final String SECRET = SandboxConfig.DEMO_SECRET;

    final Sandbox sandbox;
    final HttpClient http;

    TestClient(Sandbox sandbox) {
        this.sandbox = sandbox;
        this.http = HttpClient.newBuilder().sslContext(sandbox.clientSslContext()).build();
    }

    static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
            .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    }

    HttpResponse<String> tokenRequest(String tenant, String form, String basicAuth) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sandbox.authorityUrl() + "/" + tenant
                + "/oauth2/v2.0/token"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form));
        if (basicAuth != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                basicAuth.getBytes(StandardCharsets.UTF_8)));
        }
        return send(b.build());
    }

    String token(String clientId, String secret, String scope) {
        HttpResponse<String> r = tokenRequest(TENANT, form(Map.of("grant_type", "client_credentials",
            "client_id", clientId, "client_secret", secret, "scope", scope)), null);
        if (r.statusCode() != 200) {
            throw new AssertionError("token request failed: " + r.body());
        }
        return json(r).get("access_token").asText();
    }

    String token() {
        return token(CLIENT, SECRET, "https://graph.microsoft.com/.default");
    }

    HttpResponse<String> graph(String method, String path, String token, String contentType, byte[] body,
                               String... headers) {
        URI uri = path.startsWith("https://") ? URI.create(path) : URI.create(sandbox.graphUrl() + path);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri)
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b.build());
    }

    HttpResponse<String> sendMime(String mailbox, String token, String mime) {
        String b64 = Base64.getEncoder().encodeToString(mime.getBytes(StandardCharsets.UTF_8));
        return graph("POST", "/v1.0/users/" + mailbox + "/sendMail", token, "text/plain",
            b64.getBytes(StandardCharsets.US_ASCII));
    }

    HttpResponse<String> sendJson(String mailbox, String token, String json) {
        return graph("POST", "/v1.0/users/" + mailbox + "/sendMail", token, "application/json",
            json.getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path)).build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }

    /** The Graph error code of a response. */
    static String code(HttpResponse<String> r) {
        return json(r).path("error").path("code").asText();
    }

    static String simpleMime(String from, String to, String subject) {
        return "From: " + from + "\r\nTo: " + to + "\r\nSubject: " + subject
            + "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nHello.\r\n";
    }
}
