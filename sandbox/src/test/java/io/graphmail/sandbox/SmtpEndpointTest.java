package io.graphmail.sandbox;

import static io.graphmail.sandbox.TestClient.CLIENT;
import static io.graphmail.sandbox.TestClient.SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The SMTP submission endpoint driven by Angus Mail's SMTP transport with tokens from the sandbox's token endpoint. */
class SmtpEndpointTest {
    static final String SENDER = "sender@contoso.example";
    static final String OUTLOOK = "https://outlook.office365.com/.default";
    static final String NO_ROLE = "0b7d1c55-3e2a-4f6b-9d8c-1a2b3c4d5e6f";
    static final String SHORT_LIVED = "6c8e2d66-4f3b-4a7c-8e9d-2b3c4d5e6f70";

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.with(SandboxConfig.demo().toBuilder()
        .app(App.builder(NO_ROLE).secret("no-role-secret").roles("Mail.Send").build())
        .app(App.builder(SHORT_LIVED).secret("short-secret").roles("SMTP.SendAsApp").tokenLifetimeSeconds(500).build())
        .smtp(SandboxConfig.demo().smtp().toBuilder().fullAccess(NO_ROLE, SENDER).fullAccess(SHORT_LIVED, SENDER)
            .maxRecipients(3).build())
        .maxMessageBytes(100_000)
        .build());

    private final Sandbox sandbox = SANDBOX.get();
    private final TestClient http = new TestClient(sandbox);
    private final SmtpTestClient smtp = new SmtpTestClient(sandbox);

    private String outlookToken() {
        return http.token(CLIENT, SECRET, OUTLOOK);
    }

    private MimeMessage simple(Transport t, String from, String to) throws MessagingException {
        return smtp.message(smtp.session(false, true), from, to, null, null, "hello");
    }

    @Test
    void anAppOnlySendIsCapturedWithItsEnvelopeAndBccOnlyInTheEnvelope() throws Exception {
        try (SMTPTransport t = smtp.authenticated(SENDER, outlookToken())) {
            MimeMessage m = smtp.message(smtp.session(false, true), SENDER, "alice@contoso.example",
                "bob@contoso.example", "carol@fabrikam.example", "Quarterly report");
            SmtpTestClient.send(t, m);
        }
        List<CapturedMessage> captured = sandbox.messages();
        assertEquals(1, captured.size());
        CapturedMessage c = captured.get(0);
        assertEquals("smtp", c.submittedVia());
        assertEquals(SENDER, c.mailbox());
        assertEquals(CLIENT, c.clientId());
        assertEquals("Quarterly report", c.subject());
        assertEquals(List.of("alice@contoso.example"), c.to());
        assertEquals(List.of("bob@contoso.example"), c.cc());
        assertEquals(List.of("carol@fabrikam.example"), c.bcc());
        assertEquals(new SmtpEnvelope(SENDER, List.of("alice@contoso.example", "bob@contoso.example",
            "carol@fabrikam.example")), c.envelope());
        String mime = new String(c.rawMime(), StandardCharsets.UTF_8);
        assertFalse(mime.contains("carol@fabrikam.example"), "the Bcc recipient must be only in the envelope");

        JsonNode listed = TestClient.json(http.get("/sandbox/messages")).get(0);
        assertEquals("smtp", listed.get("submittedVia").asText());
        assertEquals(SENDER, listed.get("envelope").get("mailFrom").asText());
        assertEquals(3, listed.get("envelope").get("rcptTo").size());
        assertEquals("carol@fabrikam.example", listed.get("bcc").get(0).asText());
    }

    @Test
    void aGraphTokenIsRefusedForItsAudience() throws Exception {
        try (SMTPTransport t = smtp.connected()) {
            assertEquals(SmtpReplies.AUTH_FAILED, SmtpTestClient.twoLine(t, SENDER, http.token()).trim());
        }
    }

    @Test
    void anAppWithoutSmtpSendAsAppIsRefused() throws Exception {
        String token = http.token(NO_ROLE, "no-role-secret", OUTLOOK);
        try (SMTPTransport t = smtp.connected()) {
            assertEquals(SmtpReplies.AUTH_FAILED, SmtpTestClient.twoLine(t, SENDER, token).trim());
        }
    }

    @Test
    void anAppWithoutFullAccessOnTheMailboxIsRefusedAndCannotSendAfterwards() throws Exception {
        try (SMTPTransport t = smtp.connected()) {
            assertEquals(SmtpReplies.AUTH_FAILED,
                SmtpTestClient.twoLine(t, "alice@contoso.example", outlookToken()).trim());
            MessagingException e = assertThrows(MessagingException.class,
                () -> SmtpTestClient.send(t, simple(t, "alice@contoso.example", "bob@contoso.example")));
            assertTrue(String.valueOf(e.getMessage()).contains("530 5.7.57"), e.getMessage());
        }
        assertEquals(0, sandbox.messages().size());
    }

    @Test
    void aRevokedTokenIsRefused() throws Exception {
        String token = outlookToken();
        sandbox.revokeIssuedTokens();
        try (SMTPTransport t = smtp.connected()) {
            assertEquals(SmtpReplies.AUTH_FAILED, SmtpTestClient.twoLine(t, SENDER, token).trim());
        }
    }

    @Test
    void aTokenWithLessThanTenMinutesLeftIsRefused() throws Exception {
        String token = http.token(SHORT_LIVED, "short-secret", OUTLOOK);
        try (SMTPTransport t = smtp.connected()) {
            assertEquals(SmtpReplies.TOKEN_EXPIRES_SOON, SmtpTestClient.twoLine(t, SENDER, token).trim());
        }
    }

    @Test
    void smtpAuthTurnedOffForTheTenantOrTheMailboxIsRefusedWith5_7_139() throws Exception {
        String token = outlookToken();
        try {
            adminSmtp("{\"disabledForTenant\": true, \"mailboxPermissions\": [{\"app\": \"" + CLIENT
                + "\", \"mailbox\": \"" + SENDER + "\"}]}");
            try (SMTPTransport t = smtp.connected()) {
                assertEquals(SmtpReplies.DISABLED_FOR_TENANT, SmtpTestClient.twoLine(t, SENDER, token).trim());
            }
            adminSmtp("{\"disabledMailboxes\": [\"" + SENDER + "\"], \"mailboxPermissions\": [{\"app\": \"" + CLIENT
                + "\", \"mailbox\": \"" + SENDER + "\"}]}");
            try (SMTPTransport t = smtp.connected()) {
                assertEquals(SmtpReplies.DISABLED_FOR_MAILBOX, SmtpTestClient.twoLine(t, SENDER, token).trim());
            }
        } finally {
            adminSmtp("{\"maxRecipients\": 3, \"mailboxPermissions\": [{\"app\": \"" + CLIENT + "\", \"mailbox\": \""
                + SENDER + "\"}, {\"app\": \"" + NO_ROLE + "\", \"mailbox\": \"" + SENDER + "\"}, {\"app\": \""
                + SHORT_LIVED + "\", \"mailbox\": \"" + SENDER + "\"}]}");
        }
        try (SMTPTransport t = smtp.connected()) {
            assertEquals(SmtpReplies.AUTH_OK, SmtpTestClient.twoLine(t, SENDER, token).trim());
        }
    }

    private void adminSmtp(String json) {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                URI.create(sandbox.baseUrl() + "/sandbox/admin/config/smtp"))
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
        assertEquals(204, r.statusCode(), r.body());
    }

    @Test
    void beforeStarttlsAuthIsNotOfferedAndRefusedAndMailIsRefused() throws Exception {
        SMTPTransport t = (SMTPTransport) smtp.session(false, false).getTransport("smtp");
        t.connect();
        try {
            assertFalse(t.supportsExtension("AUTH"), "AUTH is offered only after STARTTLS");
            assertTrue(t.supportsExtension("STARTTLS"));
            assertEquals(504, t.simpleCommand("AUTH XOAUTH2 " + SmtpTestClient.sasl(SENDER, "x")));
            assertEquals(SmtpReplies.UNRECOGNIZED_MECHANISM, t.getLastServerResponse().trim());
            MessagingException e = assertThrows(MessagingException.class,
                () -> SmtpTestClient.send(t, simple(t, SENDER, "bob@contoso.example")));
            assertTrue(String.valueOf(e.getMessage()).contains(SmtpReplies.NOT_AUTHENTICATED), e.getMessage());
        } finally {
            t.close();
        }
    }

    @Test
    void aPasswordIsRefusedBecauseBasicAuthenticationIsOff() throws Exception {
        jakarta.mail.Session session = smtp.session(true, true);
        session.getProperties().put("mail.smtp.auth.mechanisms", "LOGIN");
        Transport t = session.getTransport("smtp");
        AuthenticationFailedException e = assertThrows(AuthenticationFailedException.class,
            () -> t.connect(SENDER, "the-mailbox-password"));
        assertTrue(e.getMessage().contains(SmtpReplies.BASIC_AUTH_DISABLED), e.getMessage());
    }

    @Test
    void aRealTokenOnTheAuthLineIsOverTheLineLimitWhileTheTwoLineFormAuthenticates() throws Exception {
        String token = outlookToken();
        assertTrue(("AUTH XOAUTH2 " + SmtpTestClient.sasl(SENDER, token)).length() >= SmtpEndpoint.COMMAND_LINE_LIMIT,
            "the sandbox's tokens are as long as Microsoft's: over the command line limit");
        MessagingException e = assertThrows(MessagingException.class, () -> smtp.oneLine(SENDER, token));
        assertTrue(String.valueOf(e.getMessage()).contains("501"), e.getMessage());
        try (SMTPTransport t = smtp.authenticated(SENDER, token)) {
            SmtpTestClient.send(t, simple(t, SENDER, "bob@contoso.example"));
        }
        assertEquals(1, sandbox.messages().size());
    }

    @Test
    void aTokenShortEnoughForTheAuthLineAuthenticatesThere() throws Exception {
        // Only the claims the check needs: a token as short as that fits on the AUTH line.
        ObjectNode claims = Jwt.JSON.createObjectNode().put("aud", "https://outlook.office365.com")
            .put("exp", Instant.now().getEpochSecond() + 3600).put("appid", CLIENT);
        claims.putArray("roles").add("SMTP.SendAsApp");
        String token = sandbox.signAccessToken(claims);
        assertTrue(("AUTH XOAUTH2 " + SmtpTestClient.sasl(SENDER, token)).length() < SmtpEndpoint.COMMAND_LINE_LIMIT);
        Transport t = smtp.oneLine(SENDER, token);
        try {
            SmtpTestClient.send(t, simple(t, SENDER, "bob@contoso.example"));
        } finally {
            t.close();
        }
        assertEquals(1, sandbox.messages().size());
    }

    @Test
    void aUsersTokenWithSmtpSendSendsOnlyAsThatUser() throws Exception {
        ObjectNode alice = claims("https://outlook.office.com").put("scp", "SMTP.Send offline_access")
            .put("upn", "alice@contoso.example").put("preferred_username", "alice@contoso.example");
        String token = sandbox.signAccessToken(alice);
        try (SMTPTransport t = smtp.connected()) {
            assertEquals(SmtpReplies.AUTH_FAILED, SmtpTestClient.twoLine(t, SENDER, token).trim());
        }
        try (SMTPTransport t = smtp.authenticated("alice@contoso.example", token)) {
            SmtpTestClient.send(t, simple(t, "alice@contoso.example", "bob@contoso.example"));
        }
        assertEquals("alice@contoso.example", sandbox.messages().get(0).mailbox());

        ObjectNode noScope = claims("https://outlook.office.com").put("scp", "Mail.Send")
            .put("upn", "alice@contoso.example");
        try (SMTPTransport t = smtp.connected()) {
            assertEquals(SmtpReplies.AUTH_FAILED,
                SmtpTestClient.twoLine(t, "alice@contoso.example", sandbox.signAccessToken(noScope)).trim());
        }
    }

    /** The claims every token has, for tokens the token endpoint does not issue. */
    private static ObjectNode claims(String audience) {
        long now = Instant.now().getEpochSecond();
        return Jwt.JSON.createObjectNode().put("aud", audience).put("iat", now).put("nbf", now)
            .put("exp", now + 3600).put("appid", CLIENT).put("jti", UUID.randomUUID().toString());
    }

    @Test
    void theEnvelopeSenderMustBeTheMailboxOrOneItMaySendAs() throws Exception {
        try (SMTPTransport t = smtp.authenticated(SENDER, outlookToken())) {
            MimeMessage asShared = simple(t, "shared@contoso.example", "bob@contoso.example");
            SmtpTestClient.send(t, asShared);
            MessagingException e = assertThrows(MessagingException.class,
                () -> SmtpTestClient.send(t, simple(t, "alice@contoso.example", "bob@contoso.example")));
            assertTrue(String.valueOf(e.getMessage()).contains(SmtpReplies.SEND_AS_DENIED_ENVELOPE), e.getMessage());
        }
        assertEquals("shared@contoso.example", sandbox.messages().get(0).from());
        assertEquals(1, sandbox.messages().size());
    }

    @Test
    void aFromHeaderTheMailboxMayNotSendAsIsRefusedAtTheEndOfData() throws Exception {
        try (SMTPTransport t = smtp.authenticated(SENDER, outlookToken())) {
            org.eclipse.angus.mail.smtp.SMTPMessage m = new org.eclipse.angus.mail.smtp.SMTPMessage(
                smtp.message(smtp.session(false, true), "alice@contoso.example", "bob@contoso.example", null, null,
                    "x"));
            m.setEnvelopeFrom(SENDER);
            MessagingException e = assertThrows(MessagingException.class, () -> SmtpTestClient.send(t, m));
            assertTrue(String.valueOf(e.getMessage()).contains("554 5.2.252 SendAsDenied"), e.getMessage());
        }
        assertEquals(0, sandbox.messages().size());
    }

    @Test
    void moreRecipientsThanTheLimitAreRefused() throws Exception {
        try (SMTPTransport t = smtp.authenticated(SENDER, outlookToken())) {
            MimeMessage m = smtp.message(smtp.session(false, true), SENDER,
                "a@contoso.example, b@contoso.example, c@contoso.example, d@contoso.example", null, null, "many");
            MessagingException e = assertThrows(MessagingException.class, () -> SmtpTestClient.send(t, m));
            assertTrue(String.valueOf(e.getNextException()).contains(SmtpReplies.TOO_MANY_RECIPIENTS)
                || String.valueOf(e.getMessage()).contains(SmtpReplies.TOO_MANY_RECIPIENTS), e.toString());
        }
        assertEquals(0, sandbox.messages().size());
    }

    @Test
    void aMessageOverTheSizeLimitIsRefused() throws Exception {
        try (SMTPTransport t = smtp.authenticated(SENDER, outlookToken())) {
            MimeMessage m = simple(t, SENDER, "bob@contoso.example");
            m.setText("x".repeat(150_000));
            m.saveChanges();
            MessagingException e = assertThrows(MessagingException.class, () -> SmtpTestClient.send(t, m));
            assertTrue(String.valueOf(e.getMessage()).contains("552 5.3.4"), e.getMessage());
        }
        assertEquals(0, sandbox.messages().size());
    }
}
