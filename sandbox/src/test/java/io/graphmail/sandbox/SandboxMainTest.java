package io.graphmail.sandbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a developer meets it: --help, a port already taken, --data and --keep-mail across restarts. */
class SandboxMainTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private SandboxMain.Launch launch(String... args) {
        return SandboxMain.launch(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private List<String> errLines() {
        return err.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private static byte[] trusted(Path truststore) throws Exception {
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(truststore)) {
            ks.load(in, "changeit".toCharArray());
        }
        return ks.getCertificate(ks.aliases().nextElement()).getEncoded();
    }

    private static javax.net.ssl.SSLContext sslContext(byte[] certificate) throws Exception {
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("sandbox", java.security.cert.CertificateFactory.getInstance("X.509")
            .generateCertificate(new java.io.ByteArrayInputStream(certificate)));
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
            javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    @Test
    void helpPrintsTheOptionsAndStartsNothing() {
        SandboxMain.Launch l = launch("--help");
        assertNull(l.sandbox());
        assertEquals(0, l.exitCode());
        String help = out.toString(StandardCharsets.UTF_8);
        for (String option : List.of("--port", "--config", "--data", "--keep-mail", "--help")) {
            assertTrue(help.contains(option), help);
        }
        assertEquals(List.of(), errLines());
    }

    @Test
    void aPortInUseIsOneLineNotAStackTrace() {
        try (Sandbox running = Sandbox.start()) {
            SandboxMain.Launch l = launch("--port", Integer.toString(running.port()));
            assertNull(l.sandbox());
            assertEquals(1, l.exitCode());
            assertEquals(1, errLines().size(), errLines().toString());
            assertTrue(errLines().get(0).contains("port " + running.port() + " is already in use"), errLines().get(0));
        }
    }

    @Test
    void badArgumentIsOneLineWithExitCode2() {
        SandboxMain.Launch l = launch("--keep-mail");
        assertEquals(2, l.exitCode());
        assertEquals(1, errLines().size());
        assertTrue(errLines().get(0).contains("--keep-mail needs --data"), errLines().get(0));
    }

    @Test
    void aMissingOrBrokenConfigFileIsOneLine() throws Exception {
        Path missing = dir.resolve("missing.json");
        assertEquals(2, launch("--config", missing.toString()).exitCode());
        assertEquals(List.of("graphmail sandbox: no such file: " + missing), errLines());
        err.reset();
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"tenants\":[],\"colour\":1}");
        assertEquals(1, launch("--config", broken.toString()).exitCode());
        assertEquals(1, errLines().size());
        assertTrue(errLines().get(0).contains("unknown field 'colour'"), errLines().get(0));
    }

    @Test
    void dataDirectoryKeepsCertificateTrustStoreAndMailAcrossRestarts() throws Exception {
        Path data = dir.resolve("sandbox data");
        Path truststore;
        byte[] certificate;
        String id;
        try (Sandbox first = launch("--data", data.toString(), "--keep-mail").sandbox()) {
            truststore = first.truststore();
            certificate = trusted(truststore);
            TestClient c = new TestClient(first);
            assertEquals(202, c.sendMime("sender@contoso.example", c.token(),
                TestClient.simpleMime("sender@contoso.example", "bob@contoso.example", "kept")).statusCode());
            id = first.messages().get(0).id();
        }
        assertEquals(data.toAbsolutePath().resolve("sandbox-truststore.p12"), truststore);
        assertTrue(Files.exists(truststore), "the trust store outlives the sandbox");
        try (Sandbox second = launch("--data", data.toString(), "--keep-mail").sandbox()) {
            assertEquals(truststore, second.truststore());
            assertArrayEquals(certificate, trusted(truststore));
            // a client that loaded the trust store before the restart still connects
            java.net.http.HttpClient old = java.net.http.HttpClient.newBuilder().sslContext(sslContext(certificate))
                .build();
            assertEquals(200, old.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(second.baseUrl()
                + "/sandbox/messages")).build(), java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode());
            assertEquals(List.of(id), second.messages().stream().map(CapturedMessage::id).toList());
            assertEquals("kept", second.messages().get(0).subject());
            second.clearMessages();
        }
        try (Sandbox third = launch("--data", data.toString()).sandbox()) {
            assertEquals(List.of(), third.messages());
        }
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("mail.graph.ssl.truststore=" + truststore));
    }
}
