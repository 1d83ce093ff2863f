package io.graphmail.cli;

import io.graphmail.sandbox.SandboxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line as a shell user meets it: exit codes, one-line errors, and a real send. */
class MainTest {

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.demo();

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Path config(Properties p) throws Exception {
        Path file = dir.resolve("mail.properties");
        try (OutputStream o = Files.newOutputStream(file)) {
            p.store(o, null);
        }
        return file;
    }

    @Test
    void helpExitsZeroAndNoArgumentsExitTwo() {
        assertEquals(0, run("send", "--help"));
        assertTrue(out().contains("--sandbox"));
        assertEquals(2, run());
    }

    @Test
    void unknownOptionIsOneLine() {
        assertEquals(2, run("send", "--sandbox", "--to", "a@contoso.example", "--colour", "red"));
        assertEquals("graphmail: unknown option --colour (see --help)", err().strip());
    }

    @Test
    void unknownCommand() {
        assertEquals(2, run("post"));
        assertTrue(err().contains("unknown command 'post'"));
    }

    @Test
    void missingAttachmentIsOneLine() {
        assertEquals(2, run("send", "--sandbox", "--to", "a@contoso.example", "--attach", "/no/such/file.pdf"));
        assertEquals("graphmail: --attach /no/such/file.pdf: no readable file there", err().strip());
    }

    @Test
    void badAddressNamesTheFlag() {
        assertEquals(2, run("send", "--sandbox", "--to", "not an address"));
        assertTrue(err().startsWith("graphmail: --to not an address is not an email address"), err());
        assertEquals(1, err().strip().lines().count());
    }

    @Test
    void sandboxSendPrintsWhatGraphCaptured() throws Exception {
        Path html = dir.resolve("body.html");
        Files.writeString(html, "<p>Hello <b>world</b></p>");
        Path attachment = dir.resolve("report.csv");
        Files.writeString(attachment, "a,b\n1,2\n");
        assertEquals(0, run("send", "--sandbox", "--to", "alice@contoso.example", "--subject", "CLI demo",
                "--html", html.toString(), "--attach", attachment.toString()), err());
        assertTrue(out().contains("Sent: Microsoft Graph accepted \"CLI demo\""), out());
        assertTrue(out().contains("subject:     CLI demo"), out());
        assertTrue(out().contains("report.csv"), out());
        assertTrue(out().contains("alice@contoso.example"), out());
    }

    @Test
    void configFileSendsThroughTheConfiguredTenant() throws Exception {
        Properties p = SANDBOX.get().mailProperties();
        assertEquals(0, run("send", "--config", config(p).toString(), "--to", "bob@contoso.example"), err());
        assertEquals(1, SANDBOX.get().messages().size());
        assertEquals(List.of("bob@contoso.example"), SANDBOX.get().messages().get(0).to());
        assertTrue(out().contains("request-id"), out());
    }

    @Test
    void badConfigurationExitsThreeAndNamesTheProperty() throws Exception {
        Properties p = SANDBOX.get().mailProperties();
        p.remove("mail.graph.client.id");
        assertEquals(3, run("send", "--config", config(p).toString(), "--to", "bob@contoso.example"));
        assertTrue(err().contains("mail.graph.client.id is missing"), err());
        assertFalse(err().contains("Exception"), "no stack trace: " + err());
    }

    @Test
    void wrongSecretExitsThreeWithTheFix() throws Exception {
        Properties p = SANDBOX.get().mailProperties();
        p.setProperty("mail.graph.client.secret", "wrong");
        assertEquals(3, run("send", "--config", config(p).toString(), "--to", "bob@contoso.example"));
        assertTrue(err().contains("AADSTS7000215"), err());
    }

    @Test
    void refusedByGraphExitsOne() throws Exception {
        Properties p = SANDBOX.get().mailProperties();
        assertEquals(1, run("send", "--config", config(p).toString(), "--to", "nobody@contoso.example"));
        assertTrue(err().contains("ErrorInvalidRecipients"), err());
    }

    @Test
    void wrongTrustStorePasswordExitsThreeNamingTheProperty() throws Exception {
        Properties p = SANDBOX.get().mailProperties();
        p.setProperty("mail.graph.ssl.truststore.password", "not-the-password");
        assertEquals(3, run("send", "--config", config(p).toString(), "--to", "bob@contoso.example"), err());
        assertTrue(err().contains("mail.graph.ssl.truststore"), err());
        assertFalse(err().contains("not-the-password"), "no secret in the message: " + err());
    }

    @Test
    void unreadableCertificateExitsThreeNamingTheProperty() throws Exception {
        Properties p = SANDBOX.get().mailProperties();
        p.remove("mail.graph.client.secret");
        Path notACertificate = Files.writeString(dir.resolve("cert.pem"), "not a certificate");
        p.setProperty("mail.graph.client.certificate", notACertificate.toString());
        assertEquals(3, run("send", "--config", config(p).toString(), "--to", "bob@contoso.example"), err());
        assertTrue(err().contains("mail.graph.client.certificate"), err());
    }

    @Test
    void uncertainDeliveryExitsFour() throws Exception {
        Properties p = SANDBOX.get().mailProperties();
        SANDBOX.get().faults().next(1, io.graphmail.sandbox.Fault.gatewayTimeoutAfterAccept());
        assertEquals(4, run("send", "--config", config(p).toString(), "--to", "bob@contoso.example"), err());
        assertTrue(err().contains("uncertain"), err());
        assertEquals(1, SANDBOX.get().messages().size(), "accepted once, not resent");
    }

    @Test
    void unreachableIdentityPlatformExitsFive() throws Exception {
        Properties p = SANDBOX.get().mailProperties();
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        p.setProperty("mail.graph.authority", "https://127.0.0.1:" + closed);
        assertEquals(5, run("send", "--config", config(p).toString(), "--to", "bob@contoso.example"), err());
        assertEquals(0, SANDBOX.get().messages().size());
    }

    @Test
    void untrustedCertificateExitsFive() throws Exception {
        Properties p = SANDBOX.get().mailProperties();
        p.remove("mail.graph.ssl.truststore");
        p.remove("mail.graph.ssl.truststore.password");   // the JVM's trust store does not know the sandbox's CA
        assertEquals(5, run("send", "--config", config(p).toString(), "--to", "bob@contoso.example"), err());
        assertEquals(0, SANDBOX.get().messages().size());
    }

    @Test
    void graphUnavailableBeyondTheRetriesExitsFive() throws Exception {
        Properties p = SANDBOX.get().mailProperties();
        p.setProperty("mail.graph.retries", "0");
        SANDBOX.get().faults().next(1, io.graphmail.sandbox.Fault.serviceUnavailable(1));
        assertEquals(5, run("send", "--config", config(p).toString(), "--to", "bob@contoso.example"), err());
        assertEquals(0, SANDBOX.get().messages().size());
    }

    @Test
    void outboxListsRetriesAndPurgesUndeliveredRows() throws Exception {
        Properties p = SANDBOX.get().mailProperties();
        p.setProperty("mail.graph.outbox", "jdbc:h2:mem:cli-outbox;DB_CLOSE_DELAY=-1");
        Path file = config(p);
        assertEquals(0, run("send", "--config", file.toString(), "--to", "nobody@contoso.example"), err());
        assertTrue(out().contains("stored in the outbox"), out());
        io.graphmail.outbox.Outbox box = new io.graphmail.outbox.Outbox(io.graphmail.config.GraphSettings.from(p),
                java.time.Clock.systemUTC());
        for (int i = 0; i < 300 && box.count("failed") == 0; i++) Thread.sleep(50);   // the background sender's verdict

        out.reset();
        assertEquals(0, run("outbox", "--config", file.toString()), err());
        assertTrue(out().contains("failed: 1"), out());
        assertTrue(out().contains("ErrorInvalidRecipients"), out());
        String id = box.undelivered(1).get(0).id();

        assertEquals(3, run("outbox", "--config", file.toString(), "--purge", "no-such-row"));
        assertEquals(0, run("outbox", "--config", file.toString(), "--purge", id), err());
        assertEquals(0, box.count("failed"));
        assertEquals(2, run("outbox", "--config", file.toString(), "--retry", "a", "--purge", "b"));
        io.graphmail.engine.MailerRegistry.shared().closeAll();
    }

    @Test
    void outboxWithoutAnOutboxConfiguredExitsThree() throws Exception {
        Properties p = SANDBOX.get().mailProperties();
        assertEquals(3, run("outbox", "--config", config(p).toString()));
        assertTrue(err().contains("no mail.graph.outbox"), err());
    }

    @Test
    void identityPlatformFailingExitsFiveNotThree() throws Exception {
        Properties p = SANDBOX.get().mailProperties();
        io.graphmail.engine.MailerRegistry.shared().closeAll();   // no token cached by an earlier test
        SANDBOX.get().faults().nextTokenRequests(2, io.graphmail.sandbox.Fault.serviceUnavailable(null));
        assertEquals(5, run("send", "--config", config(p).toString(), "--to", "bob@contoso.example"), err());
        assertTrue(err().contains("503"), err());
        assertEquals(0, SANDBOX.get().messages().size());
    }

    @Test
    void doctorPassesEveryCheckAndSendsATestMessage() throws Exception {
        Properties p = SANDBOX.get().mailProperties();
        p.setProperty("mail.graph.endpont", "https://graph.example");   // a typo doctor points out, but not fatal
        assertEquals(0, run("doctor", "--config", config(p).toString(), "--send-test", "alice@contoso.example"),
                out() + err());
        assertTrue(out().contains("✓ identity platform: TLS to 127.0.0.1 trusted"), out());
        assertTrue(out().contains("✓ token: tenant " + io.graphmail.sandbox.SandboxConfig.DEMO_TENANT_ID), out());
        assertTrue(out().contains("✓ permission: Mail.Send"), out());
        assertTrue(out().contains("✓ clock: within"), out());
        assertTrue(out().contains("! settings: mail.graph.endpont is not a graphmail property (did you mean"
                + " mail.graph.endpoint?)"), out());
        assertTrue(out().contains("Everything sending needs holds."), out());
        assertEquals(1, SANDBOX.get().messages().size(), "the test message");
        assertFalse(out().contains(p.getProperty("mail.graph.client.secret")), "no secret in the report");
    }

    @Test
    void doctorNamesAWrongSecretAndExitsThree() throws Exception {
        io.graphmail.engine.MailerRegistry.shared().closeAll();
        Properties p = SANDBOX.get().mailProperties();
        p.setProperty("mail.graph.client.secret", "wrong");
        assertEquals(3, run("doctor", "--config", config(p).toString()), out());
        assertTrue(out().contains("✗ token:") && out().contains("AADSTS7000215"), out());
        assertTrue(out().contains("Not ready"), out());
    }

    @Test
    void doctorNamesAnUnreachableOrUntrustedHostAndExitsFive() throws Exception {
        Properties p = SANDBOX.get().mailProperties();
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        p.setProperty("mail.graph.authority", "https://127.0.0.1:" + closed);
        assertEquals(5, run("doctor", "--config", config(p).toString()), out());
        assertTrue(out().contains("✗ identity platform: no TCP connection to 127.0.0.1:" + closed), out());

        out.reset();
        Properties untrusted = SANDBOX.get().mailProperties();
        untrusted.remove("mail.graph.ssl.truststore");
        untrusted.remove("mail.graph.ssl.truststore.password");
        assertEquals(5, run("doctor", "--config", config(untrusted).toString()), out());
        assertTrue(out().contains("✗ identity platform: TLS to 127.0.0.1 failed"), out());
    }
}
