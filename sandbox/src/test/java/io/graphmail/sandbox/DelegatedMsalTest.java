package io.graphmail.sandbox;

import static io.graphmail.sandbox.TestClient.simpleMime;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.aad.msal4j.AuthorizationCodeParameters;
import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.DeviceCodeFlowParameters;
import com.microsoft.aad.msal4j.IAccount;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.MsalInteractionRequiredException;
import com.microsoft.aad.msal4j.PublicClientApplication;
import com.microsoft.aad.msal4j.SilentParameters;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Unmodified MSAL4J as a public client: the device code flow approved through the sandbox's knob, the account and
 * token cache MSAL builds from the answer, a silent refresh after the access token expired (refresh token rotated),
 * and a revoked session surfacing as MSAL's interaction-required error.
 */
class DelegatedMsalTest {
    static final String SENDER = "sender@contoso.example";
    /** Tokens of 299 s: inside MSAL's 300 s window, so MSAL treats each as expired and refreshes silently. */
    static final String SHORT_LIVED = "5b5b5b5b-0000-4000-8000-000000000005";
    static final Set<String> SCOPES = Set.of("https://graph.microsoft.com/Mail.Send");
    /** A web app: no public client flows, a secret, one https redirect. */
    static final String WEB_APP = "3e3e3e3e-0000-4000-8000-00000000000e";
    static final String WEB_SECRET = "web-app-secret";
    static final String WEB_REDIRECT = "https://app.example/callback";

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.with(SandboxConfig.demo().toBuilder()
        .app(App.builder(SHORT_LIVED).tokenLifetimeSeconds(299).delegated(DelegatedApp.publicClient("Mail.Send"))
            .build())
        .app(App.builder(WEB_APP).secret(WEB_SECRET).delegated(new DelegatedApp(false, List.of(WEB_REDIRECT),
            Set.of("Mail.Send"))).build())
        .build());

    private static PublicClientApplication msal(String clientId) throws Exception {
        Sandbox s = SANDBOX.get();
        return PublicClientApplication.builder(clientId)
            .authority(s.authorityUrl() + "/" + TestClient.TENANT + "/")
            .aadInstanceDiscoveryResponse(MsalPortWorkaround.instanceDiscoveryResponse(s))
            .sslSocketFactory(s.clientSslContext().getSocketFactory())
            .build();
    }

    /**
     * Signs in through MSAL's device code flow. The user approves only after MSAL's first poll was answered
     * authorization_pending, so MSAL's handling of a pending answer is exercised too.
     */
    private static IAuthenticationResult signIn(PublicClientApplication app, String clientId, String upn)
        throws Exception {
        Sandbox s = SANDBOX.get();
        int before = s.tokenRequests(clientId);
        int pendingBefore = pendingAnswers(s);
        AtomicInteger shown = new AtomicInteger();
        DeviceCodeFlowParameters p = DeviceCodeFlowParameters.builder(SCOPES, code -> {
            shown.incrementAndGet();
            Thread approver = new Thread(() -> {
                awaitPendingAnswer(s, pendingBefore + 1);
                s.delegation().approveDeviceCode(code.userCode(), upn);
            });
            approver.setDaemon(true);
            approver.start();
        }).build();
        IAuthenticationResult r = app.acquireToken(p).get();
        assertEquals(1, shown.get());
        assertEquals(before + 2, s.tokenRequests(clientId), "one pending poll, then the tokens");
        return r;
    }

    /** Waits (bounded) until the sandbox has sent MSAL's first poll its authorization_pending answer. */
    private static void awaitPendingAnswer(Sandbox s, int answers) {
        for (int i = 0; i < 1000 && pendingAnswers(s) < answers; i++) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** @return 400 answers of the token endpoint in the sandbox's request log (logged once they were sent) */
    private static int pendingAnswers(Sandbox s) {
        JsonNode requests = TestClient.json(new TestClient(s).get("/sandbox/admin/stats")).path("requests");
        int n = 0;
        for (JsonNode r : requests) {
            if (r.path("path").asText().endsWith("/oauth2/v2.0/token") && r.path("status").asInt() == 400) {
                n++;
            }
        }
        return n;
    }

    private static int meSendMail(String token) {
        byte[] mime = Base64.getEncoder().encode(simpleMime(SENDER, "bob@contoso.example", "msal delegated")
            .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = new TestClient(SANDBOX.get()).graph("POST", "/v1.0/me/sendMail", token,
            "text/plain", mime);
        return r.statusCode();
    }

    private static String cachedRefreshToken(PublicClientApplication app) throws Exception {
        JsonNode cache = TestClient.JSON.readTree(app.tokenCache().serialize());
        JsonNode rts = cache.path("RefreshToken");
        assertEquals(1, rts.size(), "one refresh token in MSAL's cache");
        return rts.elements().next().path("secret").asText();
    }

    @Test
    void deviceCodeSignInThenSilentFromCache() throws Exception {
        PublicClientApplication app = msal(TestClient.CLIENT);
        IAuthenticationResult r = signIn(app, TestClient.CLIENT, SENDER);
        assertEquals(SENDER, r.account().username());
        assertEquals(202, meSendMail(r.accessToken()));
        assertEquals(SENDER, SANDBOX.get().messages().get(0).mailbox());

        IAccount account = app.getAccounts().get().iterator().next();
        int requests = SANDBOX.get().tokenRequests();
        IAuthenticationResult silent = app.acquireTokenSilently(SilentParameters.builder(SCOPES, account).build())
            .get();
        assertEquals(r.accessToken(), silent.accessToken(), "a valid token comes from MSAL's cache");
        assertEquals(requests, SANDBOX.get().tokenRequests());
    }

    @Test
    void silentRefreshAfterExpiryRotatesTheRefreshToken() throws Exception {
        PublicClientApplication app = msal(SHORT_LIVED);
        IAuthenticationResult first = signIn(app, SHORT_LIVED, SENDER);
        String firstRefresh = cachedRefreshToken(app);
        SANDBOX.get().clock().advance(Duration.ofSeconds(300));
        assertEquals(401, meSendMail(first.accessToken()), "the first access token has expired");

        IAccount account = app.getAccounts().get().iterator().next();
        int requests = SANDBOX.get().tokenRequests(SHORT_LIVED);
        IAuthenticationResult second = app.acquireTokenSilently(SilentParameters.builder(SCOPES, account).build())
            .get();
        assertEquals(requests + 1, SANDBOX.get().tokenRequests(SHORT_LIVED), "MSAL redeemed its refresh token");
        assertNotEquals(first.accessToken(), second.accessToken());
        assertEquals(202, meSendMail(second.accessToken()));
        assertNotEquals(firstRefresh, cachedRefreshToken(app), "MSAL keeps the rotated refresh token");
    }

    @Test
    void revokedSessionIsInteractionRequiredWith50173() throws Exception {
        PublicClientApplication app = msal(SHORT_LIVED);
        signIn(app, SHORT_LIVED, "alice@contoso.example");
        SANDBOX.get().delegation().revokeSignInSessions("alice@contoso.example");
        IAccount account = app.getAccounts().get().iterator().next();
        ExecutionException e = assertThrows(ExecutionException.class,
            () -> app.acquireTokenSilently(SilentParameters.builder(SCOPES, account).build()).get());
        MsalInteractionRequiredException cause = assertInstanceOf(MsalInteractionRequiredException.class,
            e.getCause());
        assertEquals("invalid_grant", cause.errorCode());
        assertTrue(cause.getMessage().contains("AADSTS50173"), cause.getMessage());
    }

    @Test
    void confidentialClientRedeemsACodeWithItsSecretAndRefreshesSilently() throws Exception {
        Sandbox s = SANDBOX.get();
        ConfidentialClientApplication app = ConfidentialClientApplication.builder(WEB_APP,
                ClientCredentialFactory.createFromSecret(WEB_SECRET))
            .authority(s.authorityUrl() + "/" + TestClient.TENANT + "/")
            .aadInstanceDiscoveryResponse(MsalPortWorkaround.instanceDiscoveryResponse(s))
            .sslSocketFactory(s.clientSslContext().getSocketFactory())
            .build();
        DelegatedClient c = new DelegatedClient(s);
        String code = DelegatedClient.redirectParameters(c.consent(DelegatedClient.authorizeQuery(WEB_APP,
            "https://graph.microsoft.com/Mail.Send offline_access openid profile", WEB_REDIRECT), SENDER, "accept"))
            .get("code");
        IAuthenticationResult r = app.acquireToken(AuthorizationCodeParameters.builder(code, new URI(WEB_REDIRECT))
            .scopes(SCOPES).codeVerifier(DelegatedClient.VERIFIER).build()).get();
        assertEquals(SENDER, r.account().username());
        assertEquals(202, meSendMail(r.accessToken()));

        int requests = s.tokenRequests(WEB_APP);
        IAuthenticationResult refreshed = app.acquireTokenSilently(SilentParameters.builder(SCOPES, r.account())
            .forceRefresh(true).build()).get();
        assertEquals(requests + 1, s.tokenRequests(WEB_APP));
        assertEquals(202, meSendMail(refreshed.accessToken()));
    }
}
