package io.graphmail.transport;

import io.graphmail.sandbox.App;
import io.graphmail.sandbox.SandboxConfig;
import io.graphmail.sandbox.SandboxExtension;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Apps without consent, or scoped away from a mailbox: the error names the permission or the policy. */
class PermissionTest {

    static final String NO_CONSENT_APP = "5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b";
    static final String SCOPED_APP = "6f7a8b9c-0d1e-4f2a-9b3c-4d5e6f7a8b9c";

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.with(SandboxConfig.demo().toBuilder()
            .app(App.builder(NO_CONSENT_APP).secret("no-consent-secret").roles().build())
            .app(App.builder(SCOPED_APP).secret("scoped-secret").roles("Mail.Send").allowedMailboxes(Demo.SHARED).build())
            .build());

    private static SendFailedException sendAs(String clientId, String secret) {
        Properties p = Demo.properties(SANDBOX.get());
        p.setProperty("mail.graph.client.id", clientId);
        p.setProperty("mail.graph.client.secret", secret);
        Session session = Session.getInstance(p);
        return assertThrows(SendFailedException.class,
                () -> Transport.send(Demo.message(session, Demo.SENDER, "permissions", Demo.ALICE)));
    }

    @Test
    void withoutMailSendConsentTheErrorSaysWhatToGrant() {
        SendFailedException e = sendAs(NO_CONSENT_APP, "no-consent-secret");
        assertTrue(e.getMessage().contains("403 ErrorAccessDenied"), e.getMessage());
        assertTrue(e.getMessage().contains("Mail.Send application permission"), e.getMessage());
        assertTrue(e.getMessage().contains("admin consent"), e.getMessage());
        assertEquals(0, SANDBOX.get().messages().size());
    }

    @Test
    void mailboxOutsideTheAccessPolicyPointsAtThePolicy() {
        SendFailedException e = sendAs(SCOPED_APP, "scoped-secret");
        assertTrue(e.getMessage().contains("Access to OData is disabled"), e.getMessage());
        assertTrue(e.getMessage().contains("application access policy"), e.getMessage());
        assertEquals(0, SANDBOX.get().messages().size());
    }
}
