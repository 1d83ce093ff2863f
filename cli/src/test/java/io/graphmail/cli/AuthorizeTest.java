package io.graphmail.cli;

import io.graphmail.auth.CachedSignIn;
import io.graphmail.auth.TokenCacheFile;
import io.graphmail.engine.MailerRegistry;
import io.graphmail.sandbox.CapturedMessage;
import io.graphmail.sandbox.Sandbox;
import io.graphmail.sandbox.SandboxConfig;
import io.graphmail.sandbox.SandboxExtension;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code graphmail authorize} and sending as the signed-in user, against the sandbox's identity platform with
 * unmodified MSAL4J: the device code, the refresh after the access token is gone (rotation kept in the file, read
 * again by another JVM), a revoked sign-in, and JVMs refreshing one file at the same time.
 */
class AuthorizeTest {

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.demo();

    static final String USER = "sender@contoso.example";

    @TempDir
    Path dir;

    @BeforeEach
    void freshEngines() {
        MailerRegistry.shared().closeAll();
        SANDBOX.get().delegation().deviceCodeIntervalSeconds(1);
    }

    private Path config() throws Exception {
        return config(SANDBOX.get(), dir, USER, "a cache password");
    }

    /** A delegated configuration for the sandbox's demo app (a public client), written where a shell user keeps it. */
    static Path config(Sandbox sb, Path dir, String user, String cachePassword) throws Exception {
        Properties p = new Properties();
        p.setProperty("mail.transport.protocol", "graph");
        p.setProperty("mail.transport.protocol.rfc822", "graph");
        p.setProperty("mail.graph.tenant", SandboxConfig.DEMO_TENANT_ID);
        p.setProperty("mail.graph.client.id", SandboxConfig.DEMO_CLIENT_ID);
        p.setProperty("mail.graph.authority", sb.authorityUrl());
        p.setProperty("mail.graph.endpoint", sb.graphUrl());
        p.setProperty("mail.graph.ssl.truststore", sb.truststore().toString());
        p.setProperty("mail.graph.ssl.truststore.password", sb.truststorePassword());
        p.setProperty("mail.graph.auth", "delegated");
        p.setProperty("mail.graph.tokencache", dir.resolve("tokens.bin").toString());
        p.setProperty("mail.graph.tokencache.password", cachePassword);
        p.setProperty("mail.graph.user", user);
        Path file = dir.resolve("mail.properties");
        try (OutputStream o = Files.newOutputStream(file)) {
            p.store(o, null);
        }
        return file;
    }

    /** Runs authorize; when the device code appears, the sandbox's admin knob signs {@link #USER} in. */
    private int authorize(Path config, ByteArrayOutputStream out, ByteArrayOutputStream err) {
        OutputStream approving = SANDBOX.get().delegation().approvingOutput(USER, out);
        return Main.run(List.of("authorize", "--config", config.toString()),
                new PrintStream(approving, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    static void send(Path config, String subject) throws Exception {
        Properties p = new Properties();
        try (var in = Files.newInputStream(config)) {
            p.load(in);
        }
        Session s = Session.getInstance(p);
        MimeMessage m = new MimeMessage(s);
        m.setFrom(new InternetAddress(p.getProperty("mail.graph.user")));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress("alice@contoso.example"));
        m.setSubject(subject);
        m.setText("as the signed-in user");
        Transport.send(m);
    }

    private CachedSignIn cache() throws Exception {
        return new TokenCacheFile(dir.resolve("tokens.bin"), "a cache password").read();
    }

    @Test
    void deviceCodeSignInThenSendsAsTheUserAndKeepsTheRotatedRefreshToken() throws Exception {
        Path config = config();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(0, authorize(config, out, err), out + "\n" + err);
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("/devicelogin") && printed.contains("✓ signed in as " + USER), printed);
        CachedSignIn signedIn = cache();
        assertEquals(USER, signedIn.username());
        assertEquals(0, signedIn.generation());

        send(config, "first as the user");
        CachedSignIn afterFirst = cache();
        assertEquals(1, afterFirst.generation(), "the send redeemed the refresh token once");
        assertNotEquals(signedIn.refreshToken(), afterFirst.refreshToken(), "the rotated refresh token is kept");

        // the access token is gone (a new engine) and long expired at the identity platform: a refresh, not a sign-in
        MailerRegistry.shared().closeAll();
        SANDBOX.get().clock().advance(Duration.ofHours(2));
        send(config, "second as the user");
        assertEquals(2, cache().generation());

        // another JVM reads the file and sends with the newest refresh token
        assertEquals(0, childSends(config, 1, "from another JVM").waitFor(), "the child JVM's send failed");
        assertEquals(3, cache().generation());

        List<CapturedMessage> got = SANDBOX.get().messages();
        assertEquals(3, got.size());
        for (CapturedMessage c : got) {
            assertEquals(USER, c.mailbox(), "sent from the signed-in user's mailbox");
        }
    }

    @Test
    void aRevokedSignInFailsWithRunAuthorizeAgain() throws Exception {
        Path config = config();
        assertEquals(0, authorize(config, new ByteArrayOutputStream(), new ByteArrayOutputStream()));
        SANDBOX.get().delegation().revokeSignInSessions(USER);
        AuthenticationFailedException e = assertThrows(AuthenticationFailedException.class,
                () -> send(config, "after revocation"));
        assertTrue(e.getMessage().contains("graphmail authorize") && e.getMessage().contains("50173"), e.getMessage());
        assertEquals(0, SANDBOX.get().messages().size());
    }

    @Test
    void twoJvmsRefreshingOneFileAtOnceNeverCorruptItNorUseAStaleToken() throws Exception {
        Path config = config();
        assertEquals(0, authorize(config, new ByteArrayOutputStream(), new ByteArrayOutputStream()));
        // a refresh token once redeemed is dead: a JVM that redeemed a stale one would fail
        SANDBOX.get().delegation().retireRotatedRefreshTokens(true);
        int each = 4;
        List<Process> children = new ArrayList<>();
        try {
            children.add(childSends(config, each, "jvm A"));
            children.add(childSends(config, each, "jvm B"));
            for (Process c : children) {
                assertTrue(c.waitFor(120, TimeUnit.SECONDS), "a child JVM did not finish");
                assertEquals(0, c.exitValue(), "a child JVM failed: see " + dir);
            }
        } finally {
            children.forEach(Process::destroyForcibly);
        }
        assertEquals(2 * each, cache().generation(), "every send refreshed under the lock, each seeing the one before");
        assertEquals(2 * each, SANDBOX.get().messages().size());
    }

    private Process childSends(Path config, int times, String subject) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), DelegatedSendChild.class.getName(),
                config.toString(), String.valueOf(times), subject)
                .redirectErrorStream(true).redirectOutput(dir.resolve(subject.replace(' ', '-') + ".log").toFile())
                .start();
    }
}
