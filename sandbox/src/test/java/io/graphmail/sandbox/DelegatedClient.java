package io.graphmail.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The delegated endpoints spoken over plain HTTP, as any OAuth client speaks them. */
final class DelegatedClient {
    static final String GRAPH_SEND = "https://graph.microsoft.com/Mail.Send";
    static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    static final String LOOPBACK = "http://localhost:53117/";
    private static final Pattern REQUEST_ID = Pattern.compile("name=\"request\" value=\"([^\"]+)\"");

    final TestClient http;

    DelegatedClient(Sandbox sandbox) {
        this.http = new TestClient(sandbox);
    }

    HttpResponse<String> post(String path, Map<String, String> form) {
        return http.send(HttpRequest.newBuilder(URI.create(http.sandbox.baseUrl() + path))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(TestClient.form(form))).build());
    }

    HttpResponse<String> admin(String action, String json) {
        return http.send(HttpRequest.newBuilder(URI.create(http.sandbox.baseUrl() + "/sandbox/admin/" + action))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    JsonNode deviceCode(String clientId, String scope) {
        HttpResponse<String> r = post("/" + TestClient.TENANT + "/oauth2/v2.0/devicecode",
            Map.of("client_id", clientId, "scope", scope));
        if (r.statusCode() != 200) {
            throw new AssertionError("devicecode answered " + r.statusCode() + ": " + r.body());
        }
        return TestClient.json(r);
    }

    HttpResponse<String> token(Map<String, String> form) {
        return post("/" + TestClient.TENANT + "/oauth2/v2.0/token", form);
    }

    HttpResponse<String> pollDeviceCode(String clientId, String deviceCode) {
        return token(Map.of("grant_type", "urn:ietf:params:oauth:grant-type:device_code", "client_id", clientId,
            "device_code", deviceCode));
    }

    /** Device code flow approved by {@code upn} through the admin API; @return the token response */
    JsonNode signInWithDeviceCode(String clientId, String scope, String upn) {
        JsonNode dc = deviceCode(clientId, scope);
        HttpResponse<String> approved = admin("delegated/approve", "{\"userCode\":\"" + dc.get("user_code").asText()
            + "\",\"user\":\"" + upn + "\"}");
        if (approved.statusCode() != 204) {
            throw new AssertionError("approve answered " + approved.statusCode() + ": " + approved.body());
        }
        HttpResponse<String> r = pollDeviceCode(clientId, dc.get("device_code").asText());
        if (r.statusCode() != 200) {
            throw new AssertionError("token answered " + r.statusCode() + ": " + r.body());
        }
        return TestClient.json(r);
    }

    HttpResponse<String> authorize(Map<String, String> query) {
        return http.send(HttpRequest.newBuilder(URI.create(http.sandbox.baseUrl() + "/" + TestClient.TENANT
            + "/oauth2/v2.0/authorize?" + TestClient.form(query))).GET().build());
    }

    static Map<String, String> authorizeQuery(String clientId, String scope, String redirectUri) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("client_id", clientId);
        q.put("response_type", "code");
        q.put("redirect_uri", redirectUri);
        q.put("scope", scope);
        q.put("state", "st-42");
        q.put("code_challenge", Authorizations.s256(VERIFIER));
        q.put("code_challenge_method", "S256");
        return q;
    }

    /** GET authorize, then the consent page's form with {@code action}; @return the consent POST's answer */
    HttpResponse<String> consent(Map<String, String> query, String upn, String action) {
        HttpResponse<String> page = authorize(query);
        if (page.statusCode() != 200) {
            throw new AssertionError("authorize answered " + page.statusCode() + ": " + page.body());
        }
        Matcher m = REQUEST_ID.matcher(page.body());
        if (!m.find()) {
            throw new AssertionError("no consent form: " + page.body());
        }
        return post("/" + TestClient.TENANT + "/oauth2/v2.0/authorize",
            Map.of("request", m.group(1), "user", upn, "action", action));
    }

    /** @return the query parameters of a 302's Location */
    static Map<String, String> redirectParameters(HttpResponse<String> r) {
        String location = r.headers().firstValue("Location").orElseThrow(() -> new AssertionError("no redirect: "
            + r.statusCode() + " " + r.body()));
        return Http.form(URI.create(location).getRawQuery());
    }

    String code(String clientId, String scope, String upn) {
        HttpResponse<String> r = consent(authorizeQuery(clientId, scope, LOOPBACK), upn, "accept");
        return redirectParameters(r).get("code");
    }

    HttpResponse<String> redeem(String clientId, String code, String redirectUri, String verifier) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("grant_type", "authorization_code");
        f.put("client_id", clientId);
        f.put("code", code);
        f.put("redirect_uri", redirectUri);
        if (verifier != null) {
            f.put("code_verifier", verifier);
        }
        return token(f);
    }

    HttpResponse<String> refresh(String clientId, String refreshToken, String scope) {
        return token(Map.of("grant_type", "refresh_token", "client_id", clientId, "refresh_token", refreshToken,
            "scope", scope));
    }

    static int aadsts(HttpResponse<String> r) {
        return TestClient.json(r).path("error_codes").path(0).asInt();
    }

    static String error(HttpResponse<String> r) {
        return TestClient.json(r).path("error").asText();
    }

    static JsonNode claims(String jwt) {
        return Jwt.parse(jwt).claims();
    }
}
