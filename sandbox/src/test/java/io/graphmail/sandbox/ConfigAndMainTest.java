package io.graphmail.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigAndMainTest {
    @TempDir
    Path dir;

    @Test
    void jsonConfigMirrorsTheBuilder() throws IOException {
        Certificates.Credential cert = Certificates.selfSigned("cfg");
        String pem = cert.certificatePem().replace("\n", "\\n");
        Path file = dir.resolve("sandbox.json");
        Files.writeString(file, "{\"port\":0,\"tenants\":[{\"id\":\"t1\",\"domains\":[\"a.example\"]}],"
            + "\"apps\":[{\"clientId\":\"c1\",\"secrets\":[\"s1\"],\"expiredSecrets\":[\"old\"],\"certificates\":[\""
            + pem + "\"],\"roles\":[\"Mail.Send\"],\"tokenLifetimeSeconds\":600,\"allowedMailboxes\":[\"m@a.example\"]}],"
            + "\"mailboxes\":[\"M@a.example\"],\"inactiveMailboxes\":[\"i@a.example\"],"
            + "\"sendAs\":[{\"mailbox\":\"m@a.example\",\"from\":\"x@a.example\"}],"
            + "\"sendOnBehalf\":[{\"mailbox\":\"m@a.example\",\"from\":\"y@a.example\"}],"
            + "\"unresolvableRecipients\":[\"bad@a.example\"],\"concurrencyPerMailbox\":3,"
            + "\"throttleRetryAfterSeconds\":5,\"maxRequestBytes\":1000,\"maxRequestStatus\":413,"
            + "\"strictInternetMessageHeaders\":false}");
        SandboxConfig c = SandboxConfig.fromJson(file);
        assertEquals("t1", c.tenantId());
        assertEquals("t1", c.resolveTenant("A.example").orElseThrow());
        App app = c.apps().get("c1");
        assertEquals(cert.certificate(), app.certificates().get(0));
        assertEquals(600, app.tokenLifetimeSeconds());
        assertTrue(c.mailboxes().contains("m@a.example"));
        assertTrue(c.maySendAs("m@a.example", "X@a.example"));
        assertTrue(c.maySendOnBehalf("m@a.example", "y@a.example"));
        assertEquals(3, c.concurrencyPerMailbox());
        assertEquals(413, c.maxRequestStatus());
        assertFalse(c.strictInternetMessageHeaders());
        assertTrue(SandboxConfig.demo().strictInternetMessageHeaders(), "strict unless told otherwise");
    }

    @Test
    void limitsInJsonKeepGraphsFiguresForFieldsLeftOut() {
        SandboxConfig c = SandboxConfig.fromJson("{\"tenants\":[{\"id\":\"t\"}],"
            + "\"limits\":{\"requests\":100,\"requestWindowSeconds\":6,\"timeScale\":0.5}}");
        assertEquals(new Limits(100, java.time.Duration.ofSeconds(6), Limits.GRAPH_UPLOAD_BYTES,
            Limits.GRAPH_UPLOAD_WINDOW, 0.5), c.limits());
        assertEquals(Limits.graph(), SandboxConfig.fromJson("{\"tenants\":[{\"id\":\"t\"}]}").limits());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SandboxConfig.fromJson(
            "{\"tenants\":[{\"id\":\"t\"}],\"limits\":{\"window\":1}}"));
        assertTrue(e.getMessage().contains("'limits.window'"), e.getMessage());
    }

    @Test
    void unknownOrBadFieldIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SandboxConfig.fromJson(
            "{\"tenants\":[{\"id\":\"t\"}],\"mailbox\":[\"x@y\"]}"));
        assertTrue(e.getMessage().contains("'mailbox'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SandboxConfig.fromJson(
            "{\"tenants\":[{\"id\":\"t\"}],\"apps\":[{\"clientId\":\"c\",\"secret\":\"x\"}]}"));
        assertTrue(e.getMessage().contains("'apps[].secret'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SandboxConfig.fromJson(
            "{\"tenants\":[{\"id\":\"t\"}],\"concurrencyPerMailbox\":\"four\"}"));
        assertTrue(e.getMessage().contains("'concurrencyPerMailbox'"), e.getMessage());
    }

    @Test
    void mainPrintsTheMailPropertiesBlockAndTheTruststoreWorks() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Path truststore;
        try (Sandbox s = SandboxMain.start(new String[] {"--port", "0"}, new PrintStream(out, true,
            StandardCharsets.UTF_8))) {
            String text = out.toString(StandardCharsets.UTF_8);
            assertTrue(text.contains("mail.transport.protocol=graph"), text);
            assertTrue(text.contains("mail.graph.tenant=" + SandboxConfig.DEMO_TENANT_ID));
            assertTrue(text.contains("mail.graph.client.id=" + SandboxConfig.DEMO_CLIENT_ID));
            assertTrue(text.contains("mail.graph.client.secret=" + SandboxConfig.DEMO_SECRET));
            assertTrue(text.contains("mail.graph.user=sender@contoso.example"));
            assertTrue(text.contains("mail.graph.authority=" + s.authorityUrl()));
            assertTrue(text.contains("mail.graph.endpoint=" + s.graphUrl()));
            assertTrue(text.contains("mail.graph.ssl.truststore=" + s.truststore()));
            assertTrue(text.contains("mail.graph.ssl.truststore.password=changeit"));
            assertTrue(text.contains(s.baseUrl() + "/sandbox/"));
            assertTrue(s.baseUrl().startsWith("https://127.0.0.1:"));
            truststore = s.truststore();
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (var in = Files.newInputStream(truststore)) {
                ks.load(in, "changeit".toCharArray());
            }
            assertTrue(ks.isCertificateEntry(ks.aliases().nextElement()));
        }
        assertFalse(Files.exists(truststore));
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> SandboxMain.start(new String[] {"--bogus"}, System.out));
        assertThrows(IllegalArgumentException.class, () -> SandboxMain.start(new String[] {"--port"}, System.out));
    }

    @Test
    void certificateHelperWritesPkcs12AndPem() throws Exception {
        Certificates.Credential c = Certificates.selfSigned("helper");
        c.writePkcs12(dir.resolve("c.p12"), "pw".toCharArray(), "me");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(dir.resolve("c.p12"))) {
            ks.load(in, "pw".toCharArray());
        }
        assertTrue(ks.isKeyEntry("me"));
        c.writePem(dir.resolve("c.pem"));
        String pem = Files.readString(dir.resolve("c.pem"));
        assertTrue(pem.startsWith("-----BEGIN CERTIFICATE-----"));
        assertTrue(pem.indexOf("-----BEGIN PRIVATE KEY-----") > pem.indexOf("-----END CERTIFICATE-----"));
        assertEquals("CN=helper", c.certificate().getSubjectX500Principal().getName());
    }
}
