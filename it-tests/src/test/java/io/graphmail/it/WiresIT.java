package io.graphmail.it;

import io.graphmail.it.app.WireServlet;
import io.graphmail.sandbox.CapturedMessage;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12 on Payara Micro: a pooled factory with {@code Submit=smtp} and one with {@code Auth=delegated} reading a
 * token cache written by {@code graphmail authorize}, each sending through JNDI.
 */
@ExtendWith({FreshPayara.class, ArquillianExtension.class})
class WiresIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.mailApp("wires-app.war", WireServlet.class);
    }

    @RegisterExtension
    static final ItSandbox SANDBOX = new ItSandbox();

    @ArquillianResource
    private URL url;

    private AppClient client() {
        return new AppClient(url, "wires-app");
    }

    @Test
    void aPooledFactoryWithSubmitSmtpSendsThroughExchangesSmtpEndpoint() throws Exception {
        client().ok("wires", Map.of("factory", "smtp", "from", "sender@contoso.example", "to", "alice@contoso.example",
            "bcc", "bob@contoso.example", "subject", "over SMTP from Payara"));
        CapturedMessage m = SANDBOX.get().messages().get(0);
        assertEquals("smtp", m.submittedVia());
        assertEquals("sender@contoso.example", m.envelope().mailFrom());
        assertEquals(List.of("alice@contoso.example", "bob@contoso.example"), m.envelope().rcptTo());
        assertEquals(List.of("bob@contoso.example"), m.bcc());
        String checks = client().ok("wires", Map.of("factory", "smtp", "verify", "true"));
        assertTrue(checks.contains("✓ permission: SMTP.SendAsApp"), checks);
    }

    @Test
    void aPooledFactoryWithAuthDelegatedSendsAsTheUserWhoSignedInWithAuthorize() throws Exception {
        authorize("alice@contoso.example");
        client().ok("wires", Map.of("factory", "delegated", "from", "alice@contoso.example",
            "to", "bob@contoso.example", "subject", "as Alice from Payara"));
        CapturedMessage m = SANDBOX.get().messages().get(0);
        assertEquals("alice@contoso.example", m.mailbox());
        assertEquals("as Alice from Payara", m.subject());
        String checks = client().ok("wires", Map.of("factory", "delegated", "verify", "true"));
        assertTrue(checks.contains("✓ sign-in: alice@contoso.example signed in"), checks);
    }

    /** graphmail authorize, as an administrator runs it on the server's machine; the device code approved by the sandbox. */
    private static void authorize(String user) throws Exception {
        Path dir = Files.createTempDirectory("graphmail-it-authorize");
        Properties p = new Properties();
        p.setProperty("mail.graph.tenant", ItConfig.TENANT);
        p.setProperty("mail.graph.client.id", ItConfig.CLIENT_ID);
        p.setProperty("mail.graph.authority", ItConfig.SANDBOX_URL);
        p.setProperty("mail.graph.endpoint", ItConfig.SANDBOX_URL);
        p.setProperty("mail.graph.ssl.truststore", ItConfig.TRUSTSTORE);
        p.setProperty("mail.graph.ssl.truststore.password", "changeit");
        p.setProperty("mail.graph.auth", "delegated");
        p.setProperty("mail.graph.tokencache", ItConfig.TOKEN_CACHE);
        p.setProperty("mail.graph.tokencache.password", ItConfig.TOKEN_CACHE_PASSWORD);
        Path config = dir.resolve("mail.properties");
        try (OutputStream o = Files.newOutputStream(config)) {
            p.store(o, null);
        }
        Files.deleteIfExists(Path.of(ItConfig.TOKEN_CACHE));
        SANDBOX.get().delegation().deviceCodeIntervalSeconds(1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OutputStream approving = SANDBOX.get().delegation().approvingOutput(user, out);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = io.graphmail.cli.Main.run(List.of("authorize", "--config", config.toString()),
            new PrintStream(approving, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, exit, out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
    }
}
