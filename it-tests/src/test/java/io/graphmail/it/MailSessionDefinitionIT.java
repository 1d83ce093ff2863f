package io.graphmail.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.graphmail.it.app.MailServlet;
import io.graphmail.sandbox.CapturedMessage;
import io.graphmail.sandbox.Sandbox;
import io.graphmail.sandbox.SandboxConfig;
import jakarta.mail.internet.MimeMessage;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 3, test c: in Payara Micro, an application that knows only Jakarta Mail sends through graph because its
 * {@code @MailSessionDefinition} says {@code transportProtocol = "graph"}, with the static {@code Transport.send(msg)};
 * a second session of the same application that stays on smtp still reaches its SMTP server. The provider is the one
 * in the deployed resource adapter: the WAR carries nothing of graphmail.
 * The WAR is not testable: every test runs here, calls the application over HTTP and then asks the sandbox and
 * GreenMail (which live in this JVM) what they received.
 */
@ExtendWith({FreshPayara.class, ArquillianExtension.class})
class MailSessionDefinitionIT {

    private static final String SENDER = "sender@contoso.example";
    private static final String ALICE = "alice@contoso.example";
    private static final String BOB = "bob@contoso.example";

    @Deployment(testable = false)
    static WebArchive app() {
        return Deployments.mailApp("mail-app.war", MailServlet.class);
    }

    @RegisterExtension
    static final ItSandbox SANDBOX = new ItSandbox();

    private static GreenMail smtp;

    @ArquillianResource
    private URL app;

    @BeforeAll
    static void startSmtp() {
        smtp = new GreenMail(new ServerSetup(ItConfig.SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
    }

    @AfterAll
    static void stopSmtp() {
        if (smtp != null) {
            smtp.stop();
        }
    }

    @BeforeEach
    void forgetEarlierMail() throws Exception {
        smtp.purgeEmailFromAllMailboxes();
    }

    @Test
    void graphSessionSendsThroughGraph() throws Exception {
        send(Map.of("session", "graph", "from", SENDER, "to", ALICE, "bcc", BOB, "subject", "via graph"));

        List<CapturedMessage> captured = SANDBOX.get().messages();
        assertEquals(1, captured.size());
        CapturedMessage m = captured.get(0);
        assertEquals("via graph", m.subject());
        assertEquals(SENDER, m.from());
        assertEquals(List.of(ALICE), m.to());
        assertEquals(List.of(BOB), m.bcc());
        assertEquals(SENDER, m.mailbox());
        assertEquals(SandboxConfig.DEMO_CLIENT_ID, m.clientId());
        assertEquals(0, smtp.getReceivedMessages().length, "nothing of the graph session may go out by SMTP");
    }

    /**
     * Issue 3, item 2: a session an administrator created with {@code asadmin create-javamail-resource} for graph
     * (postboot.txt), secret from a password alias, the sender from the session's own settings.
     */
    @Test
    void asadminMailSessionSendsThroughGraph() throws Exception {
        send(Map.of("session", "asadmin", "to", ALICE, "subject", "via an asadmin mail session"));

        CapturedMessage m = SANDBOX.get().messages().get(0);
        assertEquals(1, SANDBOX.get().messages().size());
        assertEquals("via an asadmin mail session", m.subject());
        assertEquals(SENDER, m.from(), "From is the session's --fromaddress");
        assertEquals(SENDER, m.mailbox(), "the mailbox is the session's --mailuser");
        assertEquals(ItConfig.POOL_CLIENT_ID, m.clientId());
        assertEquals(0, smtp.getReceivedMessages().length);
    }

    @Test
    void smtpSessionOfTheSameApplicationStillSendsBySmtp() throws Exception {
        send(Map.of("session", "smtp", "from", "app@example.org", "to", "someone@example.org",
            "subject", "via smtp"));

        MimeMessage[] received = smtp.getReceivedMessages();
        assertEquals(1, received.length);
        assertEquals("via smtp", received[0].getSubject());
        assertEquals(0, SANDBOX.get().messages().size(), "the smtp session must not reach Graph");
        assertEquals(0, SANDBOX.get().tokenRequests(), "nor even ask for a token");
    }

    private void send(Map<String, String> params) throws Exception {
        new AppClient(app, "mail-app").ok("send", params);
    }
}
