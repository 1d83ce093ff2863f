package io.graphmail.sandbox;

import static io.graphmail.sandbox.DelegatedClient.GRAPH_SEND;
import static io.graphmail.sandbox.DelegatedClient.aadsts;
import static io.graphmail.sandbox.DelegatedClient.claims;
import static io.graphmail.sandbox.DelegatedClient.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The device code flow over plain HTTP: what a polling client sees at each step, errors included. */
class DeviceCodeFlowTest {
    static final String CLIENT = TestClient.CLIENT;
    static final String CONFIDENTIAL = "c0c0c0c0-0000-4000-8000-00000000000c";

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.with(SandboxConfig.demo().toBuilder()
        .app(App.builder(CONFIDENTIAL).secret("conf-secret").delegated(new DelegatedApp(false,
            List.of("https://app.example/callback"), java.util.Set.of("Mail.Send"))).build())
        .build());

    @Test
    void deviceCodeAnswerHasWhatTheDocumentedFlowNeeds() {
        DelegatedClient c = new DelegatedClient(SANDBOX.get());
        JsonNode dc = c.deviceCode(CLIENT, GRAPH_SEND + " offline_access");
        assertEquals(900, dc.get("expires_in").asInt());
        assertEquals(1, dc.get("interval").asInt());
        assertEquals(SANDBOX.get().baseUrl() + "/devicelogin", dc.get("verification_uri").asText());
        assertTrue(dc.get("message").asText().contains(dc.get("user_code").asText()), dc.toString());
        assertFalse(dc.get("device_code").asText().isEmpty());
    }

    @Test
    void pendingThenApprovedThenTokensForTheUser() throws Exception {
        DelegatedClient c = new DelegatedClient(SANDBOX.get());
        JsonNode dc = c.deviceCode(CLIENT, GRAPH_SEND + " offline_access openid profile");
        String deviceCode = dc.get("device_code").asText();

        HttpResponse<String> pending = c.pollDeviceCode(CLIENT, deviceCode);
        assertEquals(400, pending.statusCode());
        assertEquals("authorization_pending", error(pending));
        assertEquals(70016, aadsts(pending));
        assertFalse(TestClient.json(pending).get("error_description").asText().isBlank());

        assertEquals(List.of(dc.get("user_code").asText()), SANDBOX.get().delegation().pendingUserCodes());
        assertEquals(204, c.admin("delegated/approve", "{\"userCode\":\"" + dc.get("user_code").asText()
            + "\",\"user\":\"Alice@Contoso.example\"}").statusCode());
        HttpResponse<String> ok = c.pollDeviceCode(CLIENT, deviceCode);
        assertEquals(200, ok.statusCode(), ok.body());
        JsonNode t = TestClient.json(ok);
        JsonNode at = claims(t.get("access_token").asText());
        assertEquals("Mail.Send", at.get("scp").asText());
        assertEquals("alice@contoso.example", at.get("upn").asText());
        assertEquals(User.objectId("alice@contoso.example"), at.get("oid").asText());
        assertEquals("user", at.get("idtyp").asText());
        assertEquals("https://graph.microsoft.com", at.get("aud").asText());
        assertEquals(TestClient.TENANT, at.get("tid").asText());
        assertTrue(t.get("scope").asText().contains(GRAPH_SEND), t.toString());
        assertFalse(t.get("refresh_token").asText().isEmpty());
        assertEquals(CLIENT, claims(t.get("id_token").asText()).get("aud").asText());
        JsonNode clientInfo = TestClient.JSON.readTree(Base64.getUrlDecoder().decode(t.get("client_info").asText()));
        assertEquals(User.objectId("alice@contoso.example"), clientInfo.get("uid").asText());
        assertEquals(TestClient.TENANT, clientInfo.get("utid").asText());

        HttpResponse<String> again = c.pollDeviceCode(CLIENT, deviceCode);
        assertEquals("invalid_grant", error(again), "a device code gives tokens once");
    }

    @Test
    void declinedOnTheLoginPage() {
        DelegatedClient c = new DelegatedClient(SANDBOX.get());
        JsonNode dc = c.deviceCode(CLIENT, GRAPH_SEND);
        HttpResponse<String> page = c.post("/devicelogin", Map.of("otc", dc.get("user_code").asText()));
        assertTrue(page.body().contains("id=\"accept\""), page.body());
        HttpResponse<String> cancelled = c.post("/devicelogin", Map.of("otc", dc.get("user_code").asText(),
            "action", "cancel"));
        assertTrue(cancelled.body().contains("id=\"declined\""), cancelled.body());
        HttpResponse<String> r = c.pollDeviceCode(CLIENT, dc.get("device_code").asText());
        assertEquals(400, r.statusCode());
        assertEquals("authorization_declined", error(r));
    }

    @Test
    void unknownDeviceCodeIsBadVerificationCode() {
        HttpResponse<String> r = new DelegatedClient(SANDBOX.get()).pollDeviceCode(CLIENT, "DAQABnotacode");
        assertEquals(400, r.statusCode());
        assertEquals("bad_verification_code", error(r));
    }

    @Test
    void expiresAfter900SecondsBySandboxClock() {
        DelegatedClient c = new DelegatedClient(SANDBOX.get());
        JsonNode dc = c.deviceCode(CLIENT, GRAPH_SEND);
        SANDBOX.get().clock().advance(Duration.ofSeconds(899));
        assertEquals("authorization_pending", error(c.pollDeviceCode(CLIENT, dc.get("device_code").asText())));
        SANDBOX.get().clock().advance(Duration.ofSeconds(1));
        HttpResponse<String> r = c.pollDeviceCode(CLIENT, dc.get("device_code").asText());
        assertEquals(400, r.statusCode());
        assertEquals("expired_token", error(r));
        HttpResponse<String> approve = c.admin("delegated/approve", "{\"userCode\":\"" + dc.get("user_code").asText()
            + "\",\"user\":\"alice@contoso.example\"}");
        assertEquals(400, approve.statusCode(), "an expired code cannot be approved");
    }

    @Test
    void appWithoutPublicClientFlowsMustAuthenticate() {
        DelegatedClient c = new DelegatedClient(SANDBOX.get());
        JsonNode dc = c.deviceCode(CONFIDENTIAL, GRAPH_SEND);
        SANDBOX.get().delegation().approveDeviceCode(dc.get("user_code").asText(), "bob@contoso.example");
        HttpResponse<String> noSecret = c.pollDeviceCode(CONFIDENTIAL, dc.get("device_code").asText());
        assertEquals(401, noSecret.statusCode());
        assertEquals(7000218, aadsts(noSecret));
        HttpResponse<String> withSecret = c.token(Map.of("grant_type", DelegatedGrants.DEVICE_CODE,
            "client_id", CONFIDENTIAL, "client_secret", "conf-secret", "device_code", dc.get("device_code").asText()));
        assertEquals(200, withSecret.statusCode(), withSecret.body());
    }

    @Test
    void applicationOnlyPermissionsAreInvalidScopeForUsers() {
        DelegatedClient c = new DelegatedClient(SANDBOX.get());
        for (String scope : List.of("https://outlook.office365.com/SMTP.SendAsApp offline_access",
            "https://outlook.office365.com/.default")) {
            HttpResponse<String> r = c.post("/" + TestClient.TENANT + "/oauth2/v2.0/devicecode",
                Map.of("client_id", CONFIDENTIAL, "scope", scope));
            assertEquals(400, r.statusCode(), scope);
            assertEquals("invalid_scope", error(r), r.body());
        }
        HttpResponse<String> notGranted = c.post("/" + TestClient.TENANT + "/oauth2/v2.0/devicecode",
            Map.of("client_id", CONFIDENTIAL, "scope", "https://outlook.office.com/SMTP.Send"));
        assertEquals(65001, aadsts(notGranted), notGranted.body());
        HttpResponse<String> twoResources = c.post("/" + TestClient.TENANT + "/oauth2/v2.0/devicecode",
            Map.of("client_id", CLIENT, "scope", GRAPH_SEND + " https://outlook.office.com/SMTP.Send"));
        assertEquals(28000, aadsts(twoResources), twoResources.body());
    }
}
