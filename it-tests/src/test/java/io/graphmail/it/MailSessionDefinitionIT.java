package io.graphmail.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.graphmail.it.app.MailServlet;
import io.graphmail.sandbox.CapturedMessage;
import io.graphmail.sandbox.Sandbox;
import io.graphmail.sandbox.SandboxConfig;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 3, test c: in Payara Micro, an application that knows only Jakarta Mail sends through graph because its
 * {@code @MailSessionDefinition} says {@code transportProtocol = "graph"}, with the static {@code Transport.send(msg)};
 * a second session of the same application that stays on smtp still reaches its SMTP server.
 * The WAR is not testable: every test runs here, calls the application over HTTP and then asks the sandbox and
 * GreenMail (which live in this JVM) what they received.
 */
@ExtendWith(ArquillianExtension.class)
class MailSessionDefinitionIT {

    private static final String SENDER = "sender@contoso.example";
    private static final String ALICE = "alice@contoso.example";
    private static final String BOB = "bob@contoso.example";

    @Deployment(testable = false)
    static WebArchive app() {
        return Deployments.mailApp("mail-app.war", MailServlet.class);
    }

    private static Sandbox sandbox;
    private static GreenMail smtp;

    @ArquillianResource
    private URL app;

    /*
     * Arquillian has deployed the WAR by now (its extension's beforeAll runs first), but graphmail reads its settings
     * and the truststore only at the first send, so the servers just have to be up before the tests call the WAR.
     */
    @BeforeAll
    static void startServers() throws IOException {
        sandbox = Sandbox.start(SandboxConfig.demo().toBuilder().port(ItConfig.SANDBOX_PORT).build());
        // the sandbox writes a new certificate to a temp dir on each start; the annotation names a fixed path
        Files.copy(sandbox.truststore(), Path.of(ItConfig.TRUSTSTORE), StandardCopyOption.REPLACE_EXISTING);
        smtp = new GreenMail(new ServerSetup(ItConfig.SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
    }

    @AfterAll
    static void stopServers() throws IOException {
        if (smtp != null) {
            smtp.stop();
        }
        if (sandbox != null) {
            sandbox.close();
        }
        Files.deleteIfExists(Path.of(ItConfig.TRUSTSTORE));
    }

    @BeforeEach
    void forgetEarlierMail() throws Exception {
        sandbox.clearMessages();
        smtp.purgeEmailFromAllMailboxes();
    }

    @Test
    void graphSessionSendsThroughGraph() throws Exception {
        send(Map.of("session", "graph", "from", SENDER, "to", ALICE, "bcc", BOB, "subject", "via graph"));

        List<CapturedMessage> captured = sandbox.messages();
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

    @Test
    void smtpSessionOfTheSameApplicationStillSendsBySmtp() throws Exception {
        send(Map.of("session", "smtp", "from", "app@example.org", "to", "someone@example.org",
            "subject", "via smtp"));

        MimeMessage[] received = smtp.getReceivedMessages();
        assertEquals(1, received.length);
        assertEquals("via smtp", received[0].getSubject());
        assertEquals(0, sandbox.messages().size(), "the smtp session must not reach Graph");
        assertEquals(0, sandbox.tokenRequests(), "nor even ask for a token");
    }

    private void send(Map<String, String> params) throws Exception {
        String form = params.entrySet().stream()
            .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
        // Payara reports its host name; it listens on 127.0.0.1 only
        URI uri = new URI("http", null, "127.0.0.1", app.getPort(), app.getPath() + "send", null, null);
        HttpResponse<String> r = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), () -> "the application could not send:\n" + r.body());
    }
}
