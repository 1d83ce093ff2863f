package io.graphmail.sandbox;

import static io.graphmail.sandbox.DelegatedClient.GRAPH_SEND;
import static io.graphmail.sandbox.DelegatedClient.LOOPBACK;
import static io.graphmail.sandbox.DelegatedClient.VERIFIER;
import static io.graphmail.sandbox.DelegatedClient.aadsts;
import static io.graphmail.sandbox.DelegatedClient.claims;
import static io.graphmail.sandbox.DelegatedClient.error;
import static io.graphmail.sandbox.DelegatedClient.redirectParameters;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Authorization code + PKCE over plain HTTP: the consent page's answers and the redemption's errors. */
class AuthorizationCodeFlowTest {
    static final String CLIENT = TestClient.CLIENT;
    static final String WEB_APP = "a0a0a0a0-0000-4000-8000-00000000000a";
    static final String WEB_REDIRECT = "https://app.example/callback";
    static final String SCOPE = GRAPH_SEND + " offline_access openid profile";

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.with(SandboxConfig.demo().toBuilder()
        .app(App.builder(WEB_APP).secret("web-secret").delegated(new DelegatedApp(false, List.of(WEB_REDIRECT),
            Set.of("Mail.Send"))).build())
        .build());

    @Test
    void consentRedirectsWithCodeAndStateThenCodeRedeemsOnce() {
        DelegatedClient c = new DelegatedClient(SANDBOX.get());
        HttpResponse<String> page = c.authorize(DelegatedClient.authorizeQuery(CLIENT, SCOPE, LOOPBACK));
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("data-permission=\"Mail.Send\""), page.body());

        HttpResponse<String> accepted = c.consent(DelegatedClient.authorizeQuery(CLIENT, SCOPE, LOOPBACK),
            "bob@contoso.example", "accept");
        assertEquals(302, accepted.statusCode());
        assertTrue(accepted.headers().firstValue("Location").orElseThrow().startsWith(LOOPBACK + "?"));
        Map<String, String> p = redirectParameters(accepted);
        assertEquals("st-42", p.get("state"));

        HttpResponse<String> r = c.redeem(CLIENT, p.get("code"), LOOPBACK, VERIFIER);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("bob@contoso.example", claims(TestClient.json(r).get("access_token").asText()).get("upn").asText());

        HttpResponse<String> reused = c.redeem(CLIENT, p.get("code"), LOOPBACK, VERIFIER);
        assertEquals(400, reused.statusCode());
        assertEquals("invalid_grant", error(reused));
        assertEquals(54005, aadsts(reused));
    }

    @Test
    void wrongOrMissingVerifierIsInvalidGrant() {
        DelegatedClient c = new DelegatedClient(SANDBOX.get());
        HttpResponse<String> wrong = c.redeem(CLIENT, c.code(CLIENT, SCOPE, "bob@contoso.example"), LOOPBACK,
            VERIFIER + "x");
        assertEquals(400, wrong.statusCode());
        assertEquals("invalid_grant", error(wrong));
        assertEquals(501481, aadsts(wrong));
        HttpResponse<String> missing = c.redeem(CLIENT, c.code(CLIENT, SCOPE, "bob@contoso.example"), LOOPBACK,
            null);
        assertEquals(501481, aadsts(missing));
    }

    @Test
    void codeLivesTenMinutesBySandboxClock() {
        DelegatedClient c = new DelegatedClient(SANDBOX.get());
        String code = c.code(CLIENT, SCOPE, "bob@contoso.example");
        SANDBOX.get().clock().advance(Duration.ofMinutes(10).plusSeconds(1));
        HttpResponse<String> r = c.redeem(CLIENT, code, LOOPBACK, VERIFIER);
        assertEquals("invalid_grant", error(r));
        assertEquals(70008, aadsts(r));
    }

    @Test
    void redeemingWithAnotherRedirectUriFails() {
        DelegatedClient c = new DelegatedClient(SANDBOX.get());
        HttpResponse<String> r = c.redeem(CLIENT, c.code(CLIENT, SCOPE, "bob@contoso.example"),
            "http://localhost:1/", VERIFIER);
        assertEquals(400, r.statusCode());
        assertEquals("invalid_grant", error(r));
    }

    @Test
    void unregisteredRedirectUriGetsAnErrorPageAndNoRedirect() {
        DelegatedClient c = new DelegatedClient(SANDBOX.get());
        HttpResponse<String> r = c.authorize(DelegatedClient.authorizeQuery(WEB_APP, GRAPH_SEND,
            "https://evil.example/steal"));
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("AADSTS50011"), r.body());
        assertTrue(r.headers().firstValue("Location").isEmpty());
        // a web app (not a public client) with no loopback redirect registered gets no loopback redirect either
        HttpResponse<String> loopback = c.authorize(DelegatedClient.authorizeQuery(WEB_APP, GRAPH_SEND, LOOPBACK));
        assertTrue(loopback.body().contains("AADSTS50011"), loopback.body());
        assertEquals(200, c.authorize(DelegatedClient.authorizeQuery(WEB_APP, GRAPH_SEND, WEB_REDIRECT))
            .statusCode());
    }

    @Test
    void cancelRedirectsWithAccessDenied() {
        DelegatedClient c = new DelegatedClient(SANDBOX.get());
        HttpResponse<String> r = c.consent(DelegatedClient.authorizeQuery(CLIENT, SCOPE, LOOPBACK),
            "bob@contoso.example", "cancel");
        Map<String, String> p = redirectParameters(r);
        assertEquals("access_denied", p.get("error"));
        assertEquals("st-42", p.get("state"));
        assertFalse(p.containsKey("code"));
    }

    @Test
    void badScopeIsRedirectedAsInvalidScope() {
        DelegatedClient c = new DelegatedClient(SANDBOX.get());
        HttpResponse<String> r = c.authorize(DelegatedClient.authorizeQuery(CLIENT,
            "https://outlook.office365.com/SMTP.SendAsApp", LOOPBACK));
        assertEquals(302, r.statusCode());
        assertEquals("invalid_scope", redirectParameters(r).get("error"));
    }

    @Test
    void confidentialWebAppRedeemsWithItsSecret() {
        DelegatedClient c = new DelegatedClient(SANDBOX.get());
        HttpResponse<String> consent = c.consent(DelegatedClient.authorizeQuery(WEB_APP, GRAPH_SEND, WEB_REDIRECT),
            "alice@contoso.example", "accept");
        String code = redirectParameters(consent).get("code");
        HttpResponse<String> noSecret = c.redeem(WEB_APP, code, WEB_REDIRECT, VERIFIER);
        assertEquals(401, noSecret.statusCode());
        assertEquals(7000218, aadsts(noSecret));
        HttpResponse<String> wrongSecret = c.token(Map.of("grant_type", "authorization_code", "client_id", WEB_APP,
            "client_secret", "nope", "code", code, "redirect_uri", WEB_REDIRECT, "code_verifier", VERIFIER));
        assertEquals(7000215, aadsts(wrongSecret));
        String code2 = redirectParameters(c.consent(DelegatedClient.authorizeQuery(WEB_APP, GRAPH_SEND,
            WEB_REDIRECT), "alice@contoso.example", "accept")).get("code");
        HttpResponse<String> ok = c.token(Map.of("grant_type", "authorization_code", "client_id", WEB_APP,
            "client_secret", "web-secret", "code", code2, "redirect_uri", WEB_REDIRECT, "code_verifier", VERIFIER));
        assertEquals(200, ok.statusCode(), ok.body());
        assertFalse(TestClient.json(ok).has("refresh_token"), "no offline_access asked, no refresh token");
    }
}
