package io.graphmail.sandbox;

import static io.graphmail.sandbox.DelegatedClient.GRAPH_SEND;
import static io.graphmail.sandbox.DelegatedClient.aadsts;
import static io.graphmail.sandbox.DelegatedClient.claims;
import static io.graphmail.sandbox.DelegatedClient.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Refresh tokens: rotation, the old token after rotation, revocation, inactivity expiry, and scope narrowing. */
class RefreshTokenTest {
    static final String CLIENT = TestClient.CLIENT;
    static final String SCOPE = GRAPH_SEND + " offline_access openid profile";

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.demo();

    @AfterEach
    void identityPlatformRotation() {
        SANDBOX.get().delegation().retireRotatedRefreshTokens(false);
    }

    private String signIn(String upn) {
        return new DelegatedClient(SANDBOX.get()).signInWithDeviceCode(CLIENT, SCOPE, upn).get("refresh_token")
            .asText();
    }

    @Test
    void everyRedemptionRotatesAndTheOldTokenStaysValidAsInEntra() {
        DelegatedClient c = new DelegatedClient(SANDBOX.get());
        String first = signIn("alice@contoso.example");
        HttpResponse<String> r = c.refresh(CLIENT, first, SCOPE);
        assertEquals(200, r.statusCode(), r.body());
        String second = TestClient.json(r).get("refresh_token").asText();
        assertNotEquals(first, second);
        assertEquals("alice@contoso.example", claims(TestClient.json(r).get("access_token").asText()).get("upn")
            .asText());
        assertEquals(200, c.refresh(CLIENT, first, SCOPE).statusCode(), "the identity platform keeps the old one");
        assertEquals(200, c.refresh(CLIENT, second, SCOPE).statusCode());
    }

    @Test
    void strictModeRetiresTheRotatedToken() {
        DelegatedClient c = new DelegatedClient(SANDBOX.get());
        assertEquals(204, c.admin("delegated/settings", "{\"retireRotatedRefreshTokens\":true}").statusCode());
        String first = signIn("alice@contoso.example");
        String second = TestClient.json(c.refresh(CLIENT, first, SCOPE)).get("refresh_token").asText();
        HttpResponse<String> old = c.refresh(CLIENT, first, SCOPE);
        assertEquals("invalid_grant", error(old));
        assertEquals(70000, aadsts(old));
        assertEquals(200, c.refresh(CLIENT, second, SCOPE).statusCode());
    }

    @Test
    void revokedSessionsAre50173UntilTheUserSignsInAgain() {
        DelegatedClient c = new DelegatedClient(SANDBOX.get());
        String bobs = signIn("bob@contoso.example");
        String alices = signIn("alice@contoso.example");
        assertEquals(204, c.admin("delegated/revoke", "{\"user\":\"bob@contoso.example\"}").statusCode());
        HttpResponse<String> r = c.refresh(CLIENT, bobs, SCOPE);
        assertEquals(400, r.statusCode());
        assertEquals("invalid_grant", error(r));
        assertEquals(50173, aadsts(r));
        assertEquals(200, c.refresh(CLIENT, alices, SCOPE).statusCode(), "only bob's sessions were revoked");
        assertEquals(200, c.refresh(CLIENT, signIn("bob@contoso.example"), SCOPE).statusCode(),
            "a new sign-in works");
    }

    @Test
    void unusedFor90DaysIs700082() {
        DelegatedClient c = new DelegatedClient(SANDBOX.get());
        String rt = signIn("alice@contoso.example");
        SANDBOX.get().clock().advance(Duration.ofDays(89));
        String rotated = TestClient.json(c.refresh(CLIENT, rt, SCOPE)).get("refresh_token").asText();
        SANDBOX.get().clock().advance(Duration.ofDays(2));
        HttpResponse<String> expired = c.refresh(CLIENT, rt, SCOPE);
        assertEquals("invalid_grant", error(expired));
        assertEquals(700082, aadsts(expired));
        assertEquals(200, c.refresh(CLIENT, rotated, SCOPE).statusCode(), "the rotated token was used 2 days ago");
    }

    @Test
    void refreshForAPermissionNotGrantedIsRefused() {
        DelegatedClient c = new DelegatedClient(SANDBOX.get());
        String rt = signIn("alice@contoso.example");
        HttpResponse<String> smtp = c.refresh(CLIENT, rt, "https://outlook.office.com/SMTP.Send offline_access");
        assertEquals("invalid_grant", error(smtp));
        assertEquals(65001, aadsts(smtp));
        HttpResponse<String> otherApp = c.refresh("00000000-0000-4000-8000-000000000000", rt, SCOPE);
        assertEquals(400, otherApp.statusCode());
    }

    @Test
    void smtpSendTokenIsForExchangeOnline() {
        JsonNode t = new DelegatedClient(SANDBOX.get()).signInWithDeviceCode(CLIENT,
            "https://outlook.office.com/SMTP.Send offline_access", "sender@contoso.example");
        JsonNode at = claims(t.get("access_token").asText());
        assertEquals("https://outlook.office.com", at.get("aud").asText());
        assertEquals("SMTP.Send", at.get("scp").asText());
    }
}
