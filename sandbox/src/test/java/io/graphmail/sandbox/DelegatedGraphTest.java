package io.graphmail.sandbox;

import static io.graphmail.sandbox.DelegatedClient.GRAPH_SEND;
import static io.graphmail.sandbox.TestClient.code;
import static io.graphmail.sandbox.TestClient.simpleMime;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Graph with a user's token: /me, the user's own mailbox, a shared mailbox, and what a missing scope gets. */
class DelegatedGraphTest {
    static final String SENDER = "sender@contoso.example";
    static final String SHARED = "shared@contoso.example";

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.demo();

    private String token(String upn, String scope) {
        return new DelegatedClient(SANDBOX.get()).signInWithDeviceCode(TestClient.CLIENT, scope, upn)
            .get("access_token").asText();
    }

    private HttpResponse<String> meSendMail(String token, String mime) {
        return new TestClient(SANDBOX.get()).graph("POST", "/v1.0/me/sendMail", token, "text/plain",
            Base64.getEncoder().encode(mime.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void meSendMailSendsAsTheSignedInUser() {
        HttpResponse<String> r = meSendMail(token(SENDER, GRAPH_SEND), simpleMime(SENDER, "bob@contoso.example",
            "delegated"));
        assertEquals(202, r.statusCode(), r.body());
        CapturedMessage m = SANDBOX.get().messages().get(0);
        assertEquals(SENDER, m.mailbox());
        assertEquals("delegated", m.subject());
        assertEquals(TestClient.CLIENT, m.clientId());
    }

    @Test
    void ownMailboxByUpnWorksWithMailSend() {
        TestClient c = new TestClient(SANDBOX.get());
        HttpResponse<String> r = c.sendMime(SENDER, token(SENDER, GRAPH_SEND), simpleMime(SENDER, "bob@contoso.example",
            "x"));
        assertEquals(202, r.statusCode(), r.body());
    }

    @Test
    void withoutMailSendIs403() {
        HttpResponse<String> r = meSendMail(token(SENDER, "User.Read"), simpleMime(SENDER, "bob@contoso.example", "x"));
        assertEquals(403, r.statusCode());
        assertEquals("ErrorAccessDenied", code(r));
        assertEquals(0, SANDBOX.get().messages().size());
    }

    @Test
    void sharedMailboxNeedsMailSendSharedAndAMailboxPermission() {
        TestClient c = new TestClient(SANDBOX.get());
        String mime = simpleMime(SHARED, "bob@contoso.example", "from shared");
        HttpResponse<String> onlyMailSend = c.sendMime(SHARED, token(SENDER, GRAPH_SEND), mime);
        assertEquals(403, onlyMailSend.statusCode());
        HttpResponse<String> shared = c.sendMime(SHARED, token(SENDER, GRAPH_SEND + " Mail.Send.Shared"), mime);
        assertEquals(202, shared.statusCode(), shared.body());
        assertEquals(SHARED, SANDBOX.get().messages().get(0).mailbox());
        HttpResponse<String> noRights = c.sendMime(SHARED, token("alice@contoso.example",
            GRAPH_SEND + " Mail.Send.Shared"), mime);
        assertEquals(403, noRights.statusCode(), "alice has no Send As on the shared mailbox");
        assertEquals("ErrorAccessDenied", code(noRights));
    }

    @Test
    void appOnlyTokenOnMeIsStillTheDocumented400() {
        TestClient c = new TestClient(SANDBOX.get());
        HttpResponse<String> r = meSendMail(c.token(), simpleMime(SENDER, "bob@contoso.example", "x"));
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("only valid with delegated"), r.body());
    }

    @Test
    void exchangeOnlineTokenIsRefusedByGraph() {
        HttpResponse<String> r = meSendMail(token(SENDER, "https://outlook.office.com/SMTP.Send"),
            simpleMime(SENDER, "bob@contoso.example", "x"));
        assertEquals(401, r.statusCode());
        assertEquals("InvalidAuthenticationToken", code(r));
    }

    @Test
    void userTokenExpiresBySandboxClock() {
        String token = token(SENDER, GRAPH_SEND);
        SANDBOX.get().clock().advance(Duration.ofSeconds(3599));
        HttpResponse<String> r = meSendMail(token, simpleMime(SENDER, "bob@contoso.example", "x"));
        assertEquals(401, r.statusCode());
        assertTrue(r.body().contains("expired"), r.body());
    }
}
