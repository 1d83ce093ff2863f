package io.graphmail.smtp;

import io.graphmail.api.UncertainDeliveryException;
import io.graphmail.engine.FailureKind;
import io.graphmail.engine.Mailer;
import io.graphmail.engine.MailerRegistry;
import io.graphmail.engine.SendOutcome;
import io.graphmail.config.GraphSettings;
import io.graphmail.graph.FakeWaits;
import io.graphmail.sandbox.App;
import io.graphmail.sandbox.CapturedMessage;
import io.graphmail.sandbox.Fault;
import io.graphmail.sandbox.Sandbox;
import io.graphmail.sandbox.SandboxConfig;
import io.graphmail.sandbox.SandboxExtension;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code mail.graph.submit=smtp} against the sandbox's SMTP AUTH endpoint (a real SMTP server library checking the
 * sandbox's own tokens): what reaches it, the connections and tokens it takes, and what a caller gets for each of
 * Exchange's refusals.
 */
class SmtpSubmitTest {

    static final String SHORT_LIVED = "3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f";
    static final String NO_ROLE = "4d5e6f7a-8b9c-4dae-9f10-2b3c4d5e6f70";
    static final String SENDER = "sender@contoso.example";
    /** The demo app has FullAccess on it, but SMTP AUTH is turned off for it. */
    static final String SHARED = "shared@contoso.example";

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.with(config());

    private static SandboxConfig config() {
        SandboxConfig demo = SandboxConfig.demo();
        return demo.toBuilder()
                .app(App.builder(SHORT_LIVED).secret("short-lived-secret").roles("SMTP.SendAsApp")
                        .tokenLifetimeSeconds(1800).build())
                .app(App.builder(NO_ROLE).secret("no-role-secret").roles("Mail.Send").build())
                .smtp(demo.smtp().toBuilder().fullAccess(SHORT_LIVED, SENDER).fullAccess(NO_ROLE, SENDER)
                        .disabledMailbox(SHARED).build())
                .build();
    }

    @BeforeEach
    void fresh() {
        MailerRegistry.shared().closeAll();
    }

    private static Properties props() {
        Properties p = SANDBOX.get().smtpMailProperties();
        p.setProperty("mail.graph.client.id", SandboxConfig.DEMO_CLIENT_ID);
        p.setProperty("mail.graph.client.secret", SandboxConfig.DEMO_SECRET);
        p.setProperty("mail.graph.user", SENDER);
        return p;
    }

    private static MimeMessage message(Session s, String subject) throws Exception {
        MimeMessage m = new MimeMessage(s);
        m.setFrom(new InternetAddress(SENDER));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress("alice@contoso.example"));
        m.setRecipient(Message.RecipientType.CC, new InternetAddress("carol@fabrikam.example"));
        m.setRecipient(Message.RecipientType.BCC, new InternetAddress("bob@contoso.example"));
        m.setSubject(subject);
        m.setText("over SMTP with XOAUTH2");
        m.saveChanges();
        return m;
    }

    @Test
    void anAppOnlySendReachesTheSmtpEndpointWithItsEnvelopeAndNoBccHeader() throws Exception {
        Session s = Session.getInstance(props());
        Transport.send(message(s, "app-only over SMTP"));

        CapturedMessage m = SANDBOX.get().messages().get(0);
        assertEquals("smtp", m.submittedVia());
        assertEquals(SENDER, m.mailbox());
        assertEquals(SENDER, m.envelope().mailFrom());
        assertEquals(List.of("alice@contoso.example", "carol@fabrikam.example", "bob@contoso.example"),
                m.envelope().rcptTo());
        assertEquals(List.of("bob@contoso.example"), m.bcc(), "Bcc only in the envelope");
        assertFalse(new String(m.rawMime(), java.nio.charset.StandardCharsets.UTF_8).contains("bob@contoso.example"),
                "no Bcc header in the submitted bytes");
        assertEquals(1, SANDBOX.get().smtpAuthentications());
    }

    @Test
    void anEnvelopeThatDiffersFromTheHeadersIsHonoured() throws Exception {
        Session s = Session.getInstance(props());
        MimeMessage m = message(s, "envelope wins");
        Transport.send(m, new Address[]{new InternetAddress("bob@contoso.example")});
        CapturedMessage c = SANDBOX.get().messages().get(0);
        assertEquals(List.of("bob@contoso.example"), c.envelope().rcptTo());
    }

    @Test
    void aKeptConnectionIsReusedAndReplacedWhenItsTokenRunsOut() throws Exception {
        FakeWaits waits = new FakeWaits();
        MailerRegistry registry = new MailerRegistry(waits);
        Properties p = props();
        p.setProperty("mail.graph.client.id", SHORT_LIVED);
        p.setProperty("mail.graph.client.secret", "short-lived-secret");
        Sandbox sb = SANDBOX.get();
        sb.resetCounters();
        try (MailerRegistry.Lease lease = registry.lease(GraphSettings.from(p))) {
            Mailer mailer = lease.mailer();
            Session s = Session.getInstance(p);
            send(mailer, message(s, "one"));
            send(mailer, message(s, "two"));
            assertEquals(1, sb.tokenRequests(SHORT_LIVED), "one token for both");
            assertEquals(1, sb.smtpAuthentications(), "the second message reuses the signed-in connection");

            // 21 of the token's 30 minutes later it has 9 left: Exchange would refuse it, so neither it nor the
            // connection signed in with it is used again
            waits.advance(Duration.ofMinutes(21));
            sb.clock().advance(Duration.ofMinutes(21));
            send(mailer, message(s, "three"));
            assertEquals(2, sb.tokenRequests(SHORT_LIVED), "a new token");
            assertEquals(2, sb.smtpAuthentications(), "a new connection, not a failure");
        } finally {
            registry.closeAll();
        }
        assertEquals(3, sb.messages().size());
    }

    private static void send(Mailer mailer, MimeMessage m) throws Exception {
        SendOutcome o = mailer.send(m, m.getAllRecipients(), null, null);
        assertTrue(o.delivered(), o.text());
        assertTrue(o.requestId().startsWith("250"), "the server's reply stands for the request-id: " + o.requestId());
    }

    @Test
    void aSignedInUserSendsOverSmtpWithTheDelegatedPermission(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        Sandbox sb = SANDBOX.get();
        Properties p = props();
        p.remove("mail.graph.client.secret");   // a public client
        p.setProperty("mail.graph.auth", "delegated");
        p.setProperty("mail.graph.tokencache", dir.resolve("tokens.bin").toString());
        p.setProperty("mail.graph.tokencache.password", "smtp user");
        p.setProperty("mail.graph.user", "alice@contoso.example");
        GraphSettings settings = GraphSettings.from(p);
        assertEquals("https://outlook.office.com/SMTP.Send", settings.scope());
        sb.delegation().deviceCodeIntervalSeconds(1);
        try (io.graphmail.graph.HttpClients.Lease http = io.graphmail.graph.HttpClients.lease(settings.truststore(),
                settings.truststorePassword(), Duration.ofSeconds(10), "truststore")) {
            new io.graphmail.auth.UserSignIn(settings.authority(), settings.tenant(), settings.clientId(), null,
                    settings.scope(), new io.graphmail.auth.TokenCacheFile(settings.signIn().tokenCache(), "smtp user"),
                    http::client, Duration.ofSeconds(10), java.time.Clock.systemUTC()).deviceCode(message -> assertTrue(sb.delegation().approveShownCode(message, "alice@contoso.example"),
                            message));
        }
        Session s = Session.getInstance(p);
        MimeMessage m = message(s, "as Alice over SMTP");
        m.setFrom(new InternetAddress("alice@contoso.example"));
        Transport.send(m);
        CapturedMessage c = sb.messages().get(0);
        assertEquals("smtp", c.submittedVia());
        assertEquals("alice@contoso.example", c.mailbox());
        assertEquals("alice@contoso.example", c.envelope().mailFrom());
    }

    @Test
    void aTokenWithoutSmtpSendAsAppIsRefusedWithTheFix() throws Exception {
        Properties p = props();
        p.setProperty("mail.graph.client.id", NO_ROLE);
        p.setProperty("mail.graph.client.secret", "no-role-secret");
        Session s = Session.getInstance(p);
        AuthenticationFailedException e = assertThrows(AuthenticationFailedException.class,
                () -> Transport.send(message(s, "no role")));
        assertTrue(e.getMessage().contains("535 5.7.3") && e.getMessage().contains("SMTP.SendAsApp")
                && e.getMessage().contains("Add-MailboxPermission"), e.getMessage());
        assertEquals(FailureKind.CONFIGURATION, FailureKind.of(e));
        assertEquals(0, SANDBOX.get().messages().size());
    }

    @Test
    void aGraphTokenPresentedToSmtpIsRefusedNamingTheScope() throws Exception {
        Properties p = props();
        p.setProperty("mail.graph.scope", SANDBOX.get().graphUrl() + "/.default");   // Graph's audience, not Exchange's
        AuthenticationFailedException e = assertThrows(AuthenticationFailedException.class,
                () -> Transport.send(message(Session.getInstance(p), "wrong audience")));
        assertTrue(e.getMessage().contains("535 5.7.3") && e.getMessage().contains("mail.graph.scope"), e.getMessage());
        assertEquals(0, SANDBOX.get().messages().size());
    }

    @Test
    void smtpAuthTurnedOffForTheMailboxNamesTheSwitch() throws Exception {
        Properties p = props();
        p.setProperty("mail.graph.user", SHARED);
        Session s = Session.getInstance(p);
        MimeMessage m = message(s, "smtp auth off");
        m.setFrom(new InternetAddress(SHARED));
        AuthenticationFailedException e = assertThrows(AuthenticationFailedException.class, () -> Transport.send(m));
        assertTrue(e.getMessage().contains("5.7.139") && e.getMessage().contains("Set-CASMailbox"), e.getMessage());
    }

    @Test
    void aConnectionLostAfterTheDataIsUncertainAndNeverResent() throws Exception {
        SANDBOX.get().faults().nextSmtpMessages(1, Fault.resetAfterAccept());
        Session s = Session.getInstance(props());
        UncertainDeliveryException e = assertThrows(UncertainDeliveryException.class,
                () -> Transport.send(message(s, "lost reply")));
        assertTrue(e.getMessage().contains("did not resend"), e.getMessage());
        assertEquals(1, SANDBOX.get().messages().size(), "Exchange took it once; graphmail did not send it again");
    }

    @Test
    void aTemporaryRefusalIsRetriedAndDelivered() throws Exception {
        FakeWaits waits = new FakeWaits();
        MailerRegistry registry = new MailerRegistry(waits);
        SANDBOX.get().faults().nextSmtpMessages(1, Fault.throttle(null));
        try (MailerRegistry.Lease lease = registry.lease(GraphSettings.from(props()))) {
            MimeMessage m = message(Session.getInstance(props()), "after a 451");
            SendOutcome o = lease.mailer().send(m, m.getAllRecipients(), null, null);
            assertTrue(o.delivered(), o.text());
        } finally {
            registry.closeAll();
        }
        assertEquals(List.of(Duration.ofSeconds(1)), waits.waits(), "one back-off before the second attempt");
        assertEquals(1, SANDBOX.get().messages().size());
    }
}
