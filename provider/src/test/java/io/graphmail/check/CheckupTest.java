package io.graphmail.check;

import io.graphmail.auth.TokenCacheFile;
import io.graphmail.auth.UserSignIn;
import io.graphmail.config.GraphSettings;
import io.graphmail.engine.FailureKind;
import io.graphmail.engine.MailerRegistry;
import io.graphmail.graph.HttpClients;
import io.graphmail.sandbox.App;
import io.graphmail.sandbox.Certificates;
import io.graphmail.sandbox.Sandbox;
import io.graphmail.sandbox.SandboxConfig;
import io.graphmail.sandbox.SandboxExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The doctor's checks that the other tests do not show both ways: the SMTP path and its permission, the delegated
 * sign-in, the clock and the certificate's expiry, each passing and failing with the fix.
 */
class CheckupTest {

    static final String GRAPH_ONLY = "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9";
    static final String CERT_APP = "6f7a8b9c-0d1e-4f2a-b3c4-d5e6f7a8b9c0";
    static final Certificates.Credential CERT = Certificates.selfSigned("graphmail checkup");

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.with(config());

    private static SandboxConfig config() {
        SandboxConfig demo = SandboxConfig.demo();
        return demo.toBuilder()
                .app(App.builder(GRAPH_ONLY).secret("graph-only-secret").roles("Mail.Send").build())
                .app(App.builder(CERT_APP).certificate(CERT.certificate()).roles("Mail.Send").build())
                .smtp(demo.smtp().toBuilder().fullAccess(GRAPH_ONLY, "sender@contoso.example").build())
                .build();
    }

    @TempDir
    Path dir;

    @BeforeEach
    void fresh() {
        MailerRegistry.shared().closeAll();
    }

    /** The demo app: the sandbox's mailProperties() picks any app when several are registered. */
    private static Properties demo(Properties p) {
        p.setProperty("mail.graph.client.id", SandboxConfig.DEMO_CLIENT_ID);
        p.setProperty("mail.graph.client.secret", SandboxConfig.DEMO_SECRET);
        return p;
    }

    private static CheckReport check(Properties p) {
        return check(p, Clock.systemUTC());
    }

    private static CheckReport check(Properties p, Clock clock) {
        return Checkup.run(GraphSettings.from(p), GraphSettings.unknownKeys(p), new CheckReport(null), clock);
    }

    private static boolean has(CheckReport r, String start, String part) {
        return r.lines().stream().anyMatch(l -> l.startsWith(start) && l.contains(part));
    }

    @Test
    void theSmtpPathAndItsPermissionPass() {
        Sandbox sb = SANDBOX.get();
        CheckReport r = check(demo(sb.smtpMailProperties()));
        assertTrue(r.ready(), String.join("\n", r.lines()));
        assertTrue(has(r, "✓ SMTP:", "STARTTLS to 127.0.0.1:" + sb.smtpPort() + " trusted"), r.lines().toString());
        assertTrue(has(r, "✓ SMTP:", "XOAUTH2"), r.lines().toString());
        assertTrue(has(r, "✓ permission:", "SMTP.SendAsApp"), r.lines().toString());
        assertTrue(has(r, "✓ token:", "audience https://outlook.office365.com"), r.lines().toString());
    }

    @Test
    void anSmtpTokenWithoutSmtpSendAsAppFailsWithTheSteps() {
        Properties p = demo(SANDBOX.get().smtpMailProperties());
        p.setProperty("mail.graph.client.id", GRAPH_ONLY);
        p.setProperty("mail.graph.client.secret", "graph-only-secret");
        CheckReport r = check(p);
        assertEquals(FailureKind.CONFIGURATION, r.failure());
        assertTrue(has(r, "✗ permission:", "SMTP.SendAsApp") && has(r, "✗ permission:", "New-ServicePrincipal"),
                r.lines().toString());
    }

    @Test
    void aClosedSmtpPortIsAnOutage() throws Exception {
        Properties p = demo(SANDBOX.get().smtpMailProperties());
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        p.setProperty("mail.graph.smtp.port", String.valueOf(closed));
        CheckReport r = check(p);
        assertEquals(FailureKind.OUTAGE, r.failure());
        assertTrue(has(r, "✗ SMTP:", "no TCP connection to 127.0.0.1:" + closed), r.lines().toString());
    }

    @Test
    void aDelegatedConfigurationWithoutASignInSaysRunAuthorizeThenPassesAfterIt() throws Exception {
        Sandbox sb = SANDBOX.get();
        Properties p = demo(sb.mailProperties());
        p.remove("mail.graph.client.secret");
        p.setProperty("mail.graph.auth", "delegated");
        p.setProperty("mail.graph.tokencache", dir.resolve("tokens.bin").toString());
        p.setProperty("mail.graph.tokencache.password", "checkup");
        CheckReport before = check(p);
        assertEquals(FailureKind.CONFIGURATION, before.failure());
        assertTrue(has(before, "✗ sign-in:", "graphmail authorize"), before.lines().toString());

        GraphSettings s = GraphSettings.from(p);
        sb.delegation().deviceCodeIntervalSeconds(1);
        try (HttpClients.Lease http = HttpClients.lease(s.truststore(), s.truststorePassword(), Duration.ofSeconds(10),
                "truststore")) {
            new UserSignIn(s.authority(), s.tenant(), s.clientId(), null, s.scope(),
                    new TokenCacheFile(s.signIn().tokenCache(), "checkup"), http::client, Duration.ofSeconds(10),
                    Clock.systemUTC()).deviceCode(message -> assertTrue(sb.delegation().approveShownCode(message, "sender@contoso.example"),
                            message));
        }
        CheckReport after = check(p);
        assertTrue(after.ready(), after.lines().toString());
        assertTrue(has(after, "✓ sign-in:", "sender@contoso.example signed in"), after.lines().toString());
        assertTrue(has(after, "✓ token:", "user sender@contoso.example"), after.lines().toString());
        assertTrue(has(after, "✓ permission:", "Mail.Send"), after.lines().toString());
        assertFalse(after.lines().toString().contains("checkup"), "no password in the report");
    }

    @Test
    void aClockFarFromTheServersFails() {
        Properties p = demo(SANDBOX.get().mailProperties());
        CheckReport r = check(p, Clock.offset(Clock.systemUTC(), Duration.ofMinutes(10)));
        assertEquals(FailureKind.CONFIGURATION, r.failure());
        assertTrue(has(r, "✗ clock:", "synchronise the clock"), r.lines().toString());
        assertTrue(check(p).ready());
    }

    @Test
    void theCertificatesExpiryIsWatched() throws Exception {
        Path p12 = dir.resolve("app.p12");
        CERT.writePkcs12(p12, "pw".toCharArray(), "app");
        Properties p = demo(SANDBOX.get().mailProperties());
        p.remove("mail.graph.client.secret");
        p.setProperty("mail.graph.client.id", CERT_APP);
        p.setProperty("mail.graph.client.certificate", p12.toString());
        p.setProperty("mail.graph.client.certificate.password", "pw");
        Clock now = Clock.systemUTC();
        assertTrue(has(check(p, now), "✓ certificate:", "valid until"));
        CheckReport soon = check(p, Clock.offset(now, Duration.ofDays(350)));
        assertTrue(has(soon, "! certificate:", "expires in"), soon.lines().toString());
        CheckReport expired = check(p, Clock.offset(now, Duration.ofDays(400)));
        assertTrue(has(expired, "✗ certificate:", "expired on"), expired.lines().toString());
        assertNull(check(p, now).failure());
    }

    @Test
    void aMissingCredentialStopsBeforeAnyRequest() {
        Properties p = demo(SANDBOX.get().mailProperties());
        p.remove("mail.graph.client.secret");
        CheckReport r = check(p);
        assertEquals(List.of("✗ credential: none: set mail.graph.client.secret, .certificate or .assertion.file"),
                r.lines().subList(1, r.lines().size()));
    }
}
