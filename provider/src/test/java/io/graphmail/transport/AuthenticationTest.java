package io.graphmail.transport;

import io.graphmail.sandbox.Sandbox;
import io.graphmail.sandbox.SandboxExtension;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a caller sees when the identity platform refuses the configuration: the fix, never the secret. */
class AuthenticationTest {

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.demo();

    private static Sandbox sandbox() {
        return SANDBOX.get();
    }

    private static MessagingException sendWith(Properties p) {
        Session session = Session.getInstance(p);
        return assertThrows(MessagingException.class,
                () -> Transport.send(Demo.message(session, Demo.SENDER, "auth", Demo.ALICE)));
    }

    @Test
    void wrongSecretSaysToUseTheSecretValue() {
        Properties p = Demo.properties(sandbox());
        p.setProperty("mail.graph.client.secret", "not-the-right-one");
        MessagingException e = sendWith(p);
        assertTrue(e instanceof AuthenticationFailedException, e.getClass().getName());
        assertTrue(e.getMessage().contains("AADSTS7000215"), e.getMessage());
        assertTrue(e.getMessage().contains("not its Secret ID"), e.getMessage());
        assertFalse(e.getMessage().contains("not-the-right-one"), "the secret must never appear in a message");
        assertEquals(0, sandbox().messages().size());
    }

    @Test
    void secretIdInsteadOfValueGetsTheSameAdvice() {
        Properties p = Demo.properties(sandbox());
        String secretId = sandbox().config().apps().get(Demo.CLIENT_ID).secretIds().get(0);
        p.setProperty("mail.graph.client.secret", secretId);
        MessagingException e = sendWith(p);
        assertTrue(e.getMessage().contains("Value"), e.getMessage());
        assertFalse(e.getMessage().contains(secretId));
    }

    @Test
    void unknownApplication() {
        Properties p = Demo.properties(sandbox());
        p.setProperty("mail.graph.client.id", "00000000-1111-4222-8333-444444444444");
        MessagingException e = sendWith(p);
        assertTrue(e.getMessage().contains("AADSTS700016"), e.getMessage());
        assertTrue(e.getMessage().contains("mail.graph.client.id"), e.getMessage());
    }

    @Test
    void unknownTenantPointsAtTheCloud() {
        Properties p = Demo.properties(sandbox());
        p.setProperty("mail.graph.tenant", "fabrikam.example");
        MessagingException e = sendWith(p);
        assertTrue(e.getMessage().contains("AADSTS90002"), e.getMessage());
        assertTrue(e.getMessage().contains("mail.graph.cloud"), e.getMessage());
    }

    @Test
    void noCredentialAtAllSaysWhichPropertiesToSet() {
        Properties p = Demo.properties(sandbox());
        p.remove("mail.graph.client.secret");
        MessagingException e = sendWith(p);
        assertTrue(e instanceof AuthenticationFailedException);
        assertTrue(e.getMessage().contains("mail.graph.client.secret"), e.getMessage());
        assertTrue(e.getMessage().contains("mail.graph.client.certificate"), e.getMessage());
    }

    @Test
    void missingTenantNamesThePropertyBeforeAnyRequest() {
        Properties p = Demo.properties(sandbox());
        p.remove("mail.graph.tenant");
        MessagingException e = sendWith(p);
        assertTrue(e.getMessage().contains("mail.graph.tenant is missing"), e.getMessage());
        assertEquals(0, sandbox().tokenRequests());
    }

    @Test
    void untrustedCertificateIsAClearNetworkError() {
        Properties p = Demo.properties(sandbox());
        p.remove("mail.graph.ssl.truststore");
        p.remove("mail.graph.ssl.truststore.password");
        MessagingException e = sendWith(p);
        assertTrue(e.getMessage().contains("trust store"), e.getMessage());
    }

    @Test
    void anInvalidScopeMadeFromTheEndpointBlamesTheEndpointNotAScopeNobodySet() {
        Properties p = Demo.properties(sandbox());
        p.setProperty("mail.graph.endpoint", sandbox().graphUrl().replace("127.0.0.1", "localhost"));
        MessagingException e = sendWith(p);
        assertTrue(e.getMessage().contains("is made from mail.graph.endpoint"), e.getMessage());
        assertFalse(e.getMessage().contains("remove mail.graph.scope"), e.getMessage());
    }

    @Test
    void anInvalidScopeThatWasSetBlamesTheScope() {
        Properties p = Demo.properties(sandbox());
        p.setProperty("mail.graph.scope", "https://graph.example/.default");
        MessagingException e = sendWith(p);
        assertTrue(e.getMessage().contains("remove mail.graph.scope"), e.getMessage());
    }
}
