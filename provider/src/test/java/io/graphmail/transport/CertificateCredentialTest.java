package io.graphmail.transport;

import io.graphmail.sandbox.App;
import io.graphmail.sandbox.Certificates;
import io.graphmail.sandbox.SandboxConfig;
import io.graphmail.sandbox.SandboxExtension;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Certificate credentials (PKCS#12 and PEM) and federated assertion files, through MSAL4J. */
class CertificateCredentialTest {

    static final String CERT_APP = "3c1b2a9d-8e7f-4a6b-9c5d-4e3f2a1b0c9d";
    static final Certificates.Credential REGISTERED = Certificates.selfSigned("graphmail test app");
    static final Certificates.Credential UNKNOWN = Certificates.selfSigned("someone else");

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.with(SandboxConfig.builder()
            .tenant(Demo.TENANT, "contoso.example")
            .app(App.builder(CERT_APP).certificate(REGISTERED.certificate()).roles("Mail.Send").build())
            .mailbox(Demo.SENDER)
            .mailbox(Demo.ALICE)
            .build());

    @TempDir
    Path dir;

    private Properties certificateProperties(Path file, String password) {
        Properties p = Demo.freshProperties(SANDBOX.get());
        p.remove("mail.graph.client.secret");
        p.setProperty("mail.graph.client.id", CERT_APP);
        p.setProperty("mail.graph.client.certificate", file.toString());
        if (password != null) p.setProperty("mail.graph.client.certificate.password", password);
        return p;
    }

    private static void send(Properties p) throws MessagingException {
        Session session = Session.getInstance(p);
        Transport.send(Demo.message(session, Demo.SENDER, "certificate", Demo.ALICE));
    }

    @Test
    void pkcs12() throws Exception {
        Path file = dir.resolve("app.p12");
        REGISTERED.writePkcs12(file, "p12-password".toCharArray(), "app");
        send(certificateProperties(file, "p12-password"));
        assertEquals(1, SANDBOX.get().messages().size());
        assertEquals(CERT_APP, SANDBOX.get().messages().get(0).clientId());
    }

    @Test
    void pem() throws Exception {
        Path file = dir.resolve("app.pem");
        REGISTERED.writePem(file);
        send(certificateProperties(file, null));
        assertEquals(1, SANDBOX.get().messages().size());
    }

    @Test
    void wrongPasswordNamesTheProperty() throws Exception {
        Path file = dir.resolve("app.p12");
        REGISTERED.writePkcs12(file, "p12-password".toCharArray(), "app");
        MessagingException e = assertThrows(MessagingException.class, () -> send(certificateProperties(file, "wrong")));
        assertTrue(e.getMessage().contains("mail.graph.client.certificate"), e.getMessage());
        assertFalse(e.getMessage().contains("wrong"), "no password in messages: " + e.getMessage());
    }

    @Test
    void certificateNotRegisteredForTheApp() throws Exception {
        Path file = dir.resolve("other.pem");
        UNKNOWN.writePem(file);
        AuthenticationFailedException e = assertThrows(AuthenticationFailedException.class,
                () -> send(certificateProperties(file, null)));
        assertTrue(e.getMessage().contains("AADSTS700027"), e.getMessage());
        assertTrue(e.getMessage().contains("Certificates & secrets"), e.getMessage());
    }

    @Test
    void notACertificate() throws Exception {
        Path file = dir.resolve("garbage.p12");
        Files.writeString(file, "this is not a key store");
        MessagingException e = assertThrows(MessagingException.class, () -> send(certificateProperties(file, "x")));
        assertTrue(e.getMessage().contains("could not be read as a PKCS#12 or PEM certificate"), e.getMessage());
    }

    @Test
    void federatedAssertionFileIsReadAgainForEveryTokenRequest() throws Exception {
        Path file = dir.resolve("azure-identity-token");
        String tokenEndpoint = SANDBOX.get().authorityUrl() + "/" + Demo.TENANT + "/oauth2/v2.0/token";
        Files.writeString(file, Assertions.signed(REGISTERED, CERT_APP, tokenEndpoint));
        Properties p = Demo.freshProperties(SANDBOX.get());
        p.remove("mail.graph.client.secret");
        p.setProperty("mail.graph.client.id", CERT_APP);
        p.setProperty("mail.graph.client.assertion.file", file.toString());
        send(p);
        assertEquals(1, SANDBOX.get().messages().size());

        // the workload's token is rotated to one the app registration does not trust: the next token request sees it
        Files.writeString(file, Assertions.signed(UNKNOWN, CERT_APP, tokenEndpoint));
        SANDBOX.get().revokeIssuedTokens();
        // the same exception type as a wrong credential at connect(): the credential, not the message, is at fault
        jakarta.mail.AuthenticationFailedException e = assertThrows(jakarta.mail.AuthenticationFailedException.class,
                () -> send(p));
        assertTrue(e.getMessage().contains("AADSTS700027"), e.getMessage());
        assertEquals(2, SANDBOX.get().tokenRequests());
        assertEquals(1, SANDBOX.get().messages().size());
    }

    /** Client assertions as a workload identity platform would write them (docs/graph-behaviour.md §6.2). */
    static final class Assertions {
        static String signed(Certificates.Credential key, String clientId, String audience) throws Exception {
            java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
            String thumbprint = b64.encodeToString(java.security.MessageDigest.getInstance("SHA-1")
                    .digest(key.certificate().getEncoded()));
            long now = System.currentTimeMillis() / 1000;
            String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"x5t\":\"" + thumbprint + "\"}";
            String claims = "{\"aud\":\"" + audience + "\",\"iss\":\"" + clientId + "\",\"sub\":\"" + clientId
                    + "\",\"jti\":\"" + java.util.UUID.randomUUID() + "\",\"nbf\":" + (now - 10) + ",\"iat\":" + now
                    + ",\"exp\":" + (now + 600) + "}";
            String input = b64.encodeToString(header.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "."
                    + b64.encodeToString(claims.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            java.security.Signature rsa = java.security.Signature.getInstance("SHA256withRSA");
            rsa.initSign(key.privateKey());
            rsa.update(input.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return input + "." + b64.encodeToString(rsa.sign());
        }
    }
}
