package io.graphmail.sandbox;

import static io.graphmail.sandbox.TestClient.CLIENT;
import static io.graphmail.sandbox.TestClient.SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SMTP endpoint's configuration, admin API, properties and kept mail. */
class SmtpConfigTest {
    static final String SENDER = "sender@contoso.example";

    @Test
    void theSmtpSectionOfTheConfigurationFileIsRead() {
        SandboxConfig c = SandboxConfig.fromJson("{\"tenants\": [{\"id\": \"t1\"}], \"mailboxes\": [\"m@a.example\"],"
            + " \"smtp\": {\"port\": 2525, \"disabledForTenant\": true, \"disabledMailboxes\": [\"X@a.example\"],"
            + " \"mailboxPermissions\": [{\"app\": \"app1\", \"mailbox\": \"M@a.example\"}], \"maxRecipients\": 10,"
            + " \"minimumTokenLifetimeSeconds\": 0}}");
        SmtpSettings s = c.smtp();
        assertEquals(2525, s.port());
        assertTrue(s.disabledForTenant());
        assertEquals(java.util.Set.of("x@a.example"), s.disabledMailboxes());
        assertTrue(s.hasFullAccess("app1", "m@a.example"));
        assertFalse(s.hasFullAccess("app2", "m@a.example"));
        assertEquals(10, s.maxRecipients());
        assertEquals(0, s.minimumTokenLifetimeSeconds());
    }

    @Test
    void aMisspeltSmtpFieldIsAnErrorThatNamesIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SandboxConfig.fromJson(
            "{\"tenants\": [{\"id\": \"t1\"}], \"smtp\": {\"mailboxPermission\": []}}"));
        assertTrue(e.getMessage().contains("smtp.mailboxPermission"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SandboxConfig.fromJson(
            "{\"tenants\": [{\"id\": \"t1\"}], \"smtp\": {\"mailboxPermissions\": [{\"app\": \"a\"}]}}"));
        assertTrue(e.getMessage().contains("smtp.mailboxPermissions[].mailbox"), e.getMessage());
    }

    @Test
    void theAdminApiRefusesAGatewayTimeoutForSmtpAndMailPropertiesNameTheEndpoint() {
        try (Sandbox sandbox = Sandbox.start()) {
            TestClient http = new TestClient(sandbox);
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                    URI.create(sandbox.baseUrl() + "/sandbox/admin/faults"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"fault\": \"gateway-timeout\", \"target\": \"smtp\"}"))
                .build());
            assertEquals(400, r.statusCode());
            assertTrue(r.body().contains("SMTP has no gateway timeout"), r.body());
            assertEquals(0, sandbox.faults().queued());
            assertEquals("127.0.0.1", sandbox.smtpMailProperties().getProperty("mail.graph.smtp.host"));
            assertEquals(String.valueOf(sandbox.smtpPort()),
                sandbox.smtpMailProperties().getProperty("mail.graph.smtp.port"));
            assertEquals("smtp", sandbox.smtpMailProperties().getProperty("mail.graph.submit"));
            assertEquals(null, sandbox.mailProperties().getProperty("mail.graph.smtp.host"),
                "graphmail refuses an SMTP host without submit=smtp");
        }
    }

    @Test
    void keptMailKeepsItsEnvelopeAcrossARestart(@TempDir Path dir) throws Exception {
        Sandbox.Storage storage = new Sandbox.Storage(dir, true);
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.demo(), storage)) {
            SmtpTestClient smtp = new SmtpTestClient(sandbox);
            String token = new TestClient(sandbox).token(CLIENT, SECRET, SmtpEndpointTest.OUTLOOK);
            try (SMTPTransport t = smtp.authenticated(SENDER, token)) {
                SmtpTestClient.send(t, smtp.message(smtp.session(false, true), SENDER, "bob@contoso.example", null,
                    "carol@fabrikam.example", "kept"));
            }
        }
        try (Sandbox again = Sandbox.start(SandboxConfig.demo(), storage)) {
            CapturedMessage m = again.messages().get(0);
            assertEquals("smtp", m.submittedVia());
            assertEquals(new SmtpEnvelope(SENDER, List.of("bob@contoso.example", "carol@fabrikam.example")),
                m.envelope());
            assertEquals(List.of("carol@fabrikam.example"), m.bcc());
        }
    }
}
