package io.graphmail.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.graphmail.api.UncertainDeliveryException;
import io.graphmail.auth.TokenException;
import io.graphmail.config.InvalidSettingException;
import io.graphmail.graph.GraphException;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import java.io.IOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

/** Failures are told apart by what a caller can do about them. */
class FailureKindTest {

    @Test
    void anIdentityPlatformFailingIsAnOutageNotWrongCredentials() {
        TokenException failing = new TokenException("identity platform answered 503", "temporarily_unavailable",
                false, null);
        assertEquals(FailureKind.OUTAGE, FailureKind.of(new MessagingException("x", failing)));
        TokenException rejected = new TokenException("AADSTS7000215", "AADSTS7000215", true, null);
        assertEquals(FailureKind.CONFIGURATION, FailureKind.of(new AuthenticationFailedException("x", rejected)));
    }

    @Test
    void graphOutcomesMapToTheirKinds() {
        assertEquals(FailureKind.OUTAGE, FailureKind.of(new SendFailedException("x",
                new GraphException(GraphException.Outcome.NOT_SENT, "refused", null, new ConnectException()))));
        assertEquals(FailureKind.UNCERTAIN, FailureKind.of(new UncertainDeliveryException("x", null)));
        assertEquals(FailureKind.REFUSED, FailureKind.of(new SendFailedException("x",
                new GraphException(GraphException.Outcome.REJECTED, "400", null, null))));
    }

    @Test
    void localFilesAreConfigurationButAnUnreadableAttachmentIsTheMessage() {
        assertEquals(FailureKind.CONFIGURATION, FailureKind.of(new MessagingException("x",
                new IOException("mail.graph.ssl.truststore: wrong password"))));
        assertEquals(FailureKind.CONFIGURATION, FailureKind.of(new MessagingException("x",
                new InvalidSettingException("mail.graph.tenant", "missing"))));
        assertEquals(FailureKind.REFUSED, FailureKind.of(new SendFailedException("x",
                new IOException("attachment not found"))));
    }
}
