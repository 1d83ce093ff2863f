package io.graphmail.sandbox;

import static io.graphmail.sandbox.TestClient.CLIENT;
import static io.graphmail.sandbox.TestClient.SECRET;
import static io.graphmail.sandbox.TestClient.TENANT;
import static io.graphmail.sandbox.TestClient.form;
import static io.graphmail.sandbox.TestClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TokenEndpointTest {
    static final String EXPIRED = "expired-secret-value";

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.with(SandboxConfig.demo().toBuilder()
        .app(App.builder("11111111-2222-3333-4444-555555555555").secret("other").expiredSecret(EXPIRED).build())
        .build());

    private TestClient client() {
        return new TestClient(SANDBOX.get());
    }

    private static String credentials(String clientId, String secret, String scope) {
        return form(Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret,
            "scope", scope));
    }

    @Test
    void secretInFormGivesBearerTokenWithAppClaims() {
        HttpResponse<String> r = client().tokenRequest(TENANT,
            credentials(CLIENT, SECRET, "https://graph.microsoft.com/.default"), null);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode body = json(r);
        assertEquals("Bearer", body.get("token_type").asText());
        assertEquals(3599, body.get("expires_in").asInt());
        assertEquals(3599, body.get("ext_expires_in").asInt());
        String[] parts = body.get("access_token").asText().split("\\.");
        assertEquals(3, parts.length);
        JsonNode header = parse(parts[0]);
        JsonNode claims = parse(parts[1]);
        assertEquals("RS256", header.get("alg").asText());
        assertEquals("https://graph.microsoft.com", claims.get("aud").asText());
        assertEquals("https://sts.windows.net/" + TENANT + "/", claims.get("iss").asText());
        assertEquals(TENANT, claims.get("tid").asText());
        assertEquals(CLIENT, claims.get("appid").asText());
        assertEquals(CLIENT, claims.get("azp").asText());
        assertEquals("app", claims.get("idtyp").asText());
        assertEquals("Mail.Send", claims.get("roles").get(0).asText());
        assertEquals("Mail.ReadWrite", claims.get("roles").get(1).asText());
        assertTrue(claims.has("oid") && claims.has("jti") && claims.has("nbf"));
        assertEquals(3599, claims.get("exp").asLong() - claims.get("iat").asLong());
        assertEquals(1, SANDBOX.get().tokenRequests());
        assertEquals(1, SANDBOX.get().tokenRequests(CLIENT));
    }

    @Test
    void clientRequestIdIsEchoedOnSuccessAndInErrors() {
        TestClient c = client();
        String id = "5d2f8a7e-1b3c-4d5e-8f90-a1b2c3d4e5f6";
        for (String secret : new String[] {SECRET, "wrong"}) {
            HttpResponse<String> r = c.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                    SANDBOX.get().authorityUrl() + "/" + TENANT + "/oauth2/v2.0/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("client-request-id", id)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                    credentials(CLIENT, secret, "https://graph.microsoft.com/.default")))
                .build());
            assertEquals(id, r.headers().firstValue("client-request-id").orElse(null), r.body());
            assertTrue(r.headers().firstValue("x-ms-request-id").isPresent());
            if (r.statusCode() != 200) {
                assertEquals(401, r.statusCode());
                assertEquals(id, json(r).get("correlation_id").asText());
                assertEquals(r.headers().firstValue("x-ms-request-id").get(), json(r).get("trace_id").asText());
            }
        }
    }

    @Test
    void basicAuthAndVerifiedDomainAndOtherResourcesWork() {
        TestClient c = client();
        HttpResponse<String> r = c.tokenRequest(SandboxConfig.DEMO_DOMAIN, form(Map.of("grant_type",
            "client_credentials", "scope", "00000003-0000-0000-c000-000000000000/.default")), CLIENT + ":" + SECRET);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("00000003-0000-0000-c000-000000000000",
            parse(json(r).get("access_token").asText().split("\\.")[1]).get("aud").asText());
        r = c.tokenRequest(TENANT, credentials(CLIENT, SECRET, SANDBOX.get().baseUrl() + "/.default"), null);
        assertEquals(200, r.statusCode(), r.body());
    }

    @Test
    void unknownTenantIsAadsts90002MentioningTheCloud() {
        HttpResponse<String> r = client().tokenRequest("fabrikam.example",
            credentials(CLIENT, SECRET, "https://graph.microsoft.com/.default"), null);
        assertAad(r, 400, "invalid_tenant", 90002);
        assertTrue(json(r).get("error_description").asText().contains("signing into the correct cloud"));
    }

    @Test
    void commonAndOrganizationsAreRefusedForClientCredentials() {
        for (String t : new String[] {"common", "organizations"}) {
            assertAad(client().tokenRequest(t, credentials(CLIENT, SECRET, "https://graph.microsoft.com/.default"),
                null), 400, "invalid_request", 9001023);
        }
    }

    @Test
    void unknownClientIsAadsts700016() {
        assertAad(client().tokenRequest(TENANT, credentials("99999999-0000-0000-0000-000000000000", SECRET,
            "https://graph.microsoft.com/.default"), null), 400, "unauthorized_client", 700016);
    }

    @Test
    void wrongSecretIsAadsts7000215AndTheSecretIdIsRecognised() {
        HttpResponse<String> r = client().tokenRequest(TENANT,
            credentials(CLIENT, "wrong", "https://graph.microsoft.com/.default"), null);
        assertAad(r, 401, "invalid_client", 7000215);
        String description = json(r).get("error_description").asText();
        assertTrue(description.contains("client secret value, not the client secret ID"), description);
        assertFalse(description.contains("The value sent is the secret ID"));

        String secretId = SANDBOX.get().config().apps().get(CLIENT).secretIds().get(0);
        r = client().tokenRequest(TENANT, credentials(CLIENT, secretId, "https://graph.microsoft.com/.default"), null);
        assertAad(r, 401, "invalid_client", 7000215);
        assertTrue(json(r).get("error_description").asText().contains("The value sent is the secret ID"));
    }

    @Test
    void expiredSecretIsAadsts7000222() {
        assertAad(client().tokenRequest(TENANT, credentials("11111111-2222-3333-4444-555555555555", EXPIRED,
            "https://graph.microsoft.com/.default"), null), 401, "invalid_client", 7000222);
    }

    @Test
    void badScopeIsAadsts70011() {
        for (String scope : new String[] {"https://graph.microsoft.com/Mail.Send", "https://evil.example/.default",
            "https://graph.microsoft.com/.default https://outlook.office365.com/.default"}) {
            assertAad(client().tokenRequest(TENANT, credentials(CLIENT, SECRET, scope), null), 400, "invalid_scope",
                70011);
        }
    }

    @Test
    void otherGrantTypesAreUnsupported() {
        HttpResponse<String> r = client().tokenRequest(TENANT, form(Map.of("grant_type", "password",
            "client_id", CLIENT, "client_secret", SECRET, "scope", "https://graph.microsoft.com/.default")), null);
        assertEquals(400, r.statusCode());
        assertEquals("unsupported_grant_type", json(r).get("error").asText());
    }

    @Test
    void errorsCountAsTokenRequests() {
        client().tokenRequest(TENANT, credentials(CLIENT, "wrong", "https://graph.microsoft.com/.default"), null);
        client().tokenRequest(TENANT, credentials(CLIENT, SECRET, "https://graph.microsoft.com/.default"), null);
        assertEquals(2, SANDBOX.get().tokenRequests());
        assertEquals(2, SANDBOX.get().tokenRequests(CLIENT));
        assertEquals(0, SANDBOX.get().tokenRequests("someone-else"));
        SANDBOX.get().resetCounters();
        assertEquals(0, SANDBOX.get().tokenRequests());
    }

    static void assertAad(HttpResponse<String> r, int status, String error, int code) {
        assertEquals(status, r.statusCode(), r.body());
        JsonNode body = json(r);
        assertEquals(error, body.get("error").asText());
        String description = body.get("error_description").asText();
        assertTrue(description.startsWith("AADSTS" + code + ": "), description);
        assertTrue(description.contains("\r\nTrace ID: ") && description.contains("\r\nCorrelation ID: ")
            && description.contains("\r\nTimestamp: "), description);
        assertEquals(code, body.get("error_codes").get(0).asInt());
        assertTrue(body.has("timestamp") && body.has("trace_id") && body.has("correlation_id"));
        assertEquals("https://login.microsoftonline.com/error?code=" + code, body.get("error_uri").asText());
    }

    static JsonNode parse(String part) {
        try {
            return TestClient.JSON.readTree(new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
