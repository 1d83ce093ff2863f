package io.graphmail.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graphmail.api.UncertainDeliveryException;
import io.graphmail.auth.TokenException;
import io.graphmail.config.GraphSettings;
import io.graphmail.graph.FakeWaits;
import io.graphmail.sandbox.Fault;
import io.graphmail.sandbox.SandboxExtension;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The faults of docs/reliability.md without an outbox: what the caller sees, and that nothing is ever sent twice.
 * Each test is named in that table.
 */
class FaultMatrixTest {

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.demo();

    private final MailerRegistry registry = new MailerRegistry(new FakeWaits());

    @AfterEach
    void close() {
        registry.closeAll();
    }

    private SendOutcome send(Properties p) throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(p));
        m.setFrom(new InternetAddress("sender@contoso.example"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress("alice@contoso.example"));
        m.setSubject("fault matrix");
        m.setText("hello");
        m.saveChanges();
        try (MailerRegistry.Lease lease = registry.lease(GraphSettings.from(p))) {
            return lease.mailer().send(m, m.getAllRecipients(), null, null);
        }
    }

    @Test
    void connectionResetBeforeGraphActedIsUncertainAndNotResent() throws Exception {
        SANDBOX.get().faults().next(1, Fault.resetBeforeAccept());
        SendOutcome o = send(SANDBOX.get().mailProperties());
        assertEquals(SendOutcome.Status.UNCERTAIN, o.status(), o.text());
        assertInstanceOf(UncertainDeliveryException.class, o.exception());
        assertEquals(0, SANDBOX.get().messages().size());
        assertEquals(1, SANDBOX.get().graphRequests(), "not resent: graphmail cannot tell it from a reset after");
    }

    @Test
    void connectionResetAfterGraphAcceptedIsUncertainAndNotResent() throws Exception {
        SANDBOX.get().faults().next(1, Fault.resetAfterAccept());
        SendOutcome o = send(SANDBOX.get().mailProperties());
        assertEquals(SendOutcome.Status.UNCERTAIN, o.status(), o.text());
        assertTrue(o.text().contains("Sent Items"), o.text());
        assertEquals(1, SANDBOX.get().messages().size(), "delivered once");
        assertEquals(1, SANDBOX.get().graphRequests());
    }

    @Test
    void anAnswerSlowerThanTheTimeoutIsUncertainAndNotResent() throws Exception {
        Properties p = SANDBOX.get().mailProperties();
        p.setProperty("mail.graph.timeout", "2000");
        SANDBOX.get().faults().next(1, Fault.latency(Duration.ofMillis(4000)));   // Graph requests only
        SendOutcome o = send(p);
        assertEquals(SendOutcome.Status.UNCERTAIN, o.status(), o.text());
        assertTrue(eventually(() -> SANDBOX.get().messages().size() == 1), "Graph carried it out after all");
        assertEquals(1, SANDBOX.get().graphRequests(), "not resent");
    }

    @Test
    void theIdentityPlatformFailingIsAnOutageNotWrongCredentials() throws Exception {
        SANDBOX.get().faults().nextTokenRequests(2, Fault.serviceUnavailable(null));   // MSAL retries a 5xx once
        SendOutcome o = send(SANDBOX.get().mailProperties());
        assertEquals(SendOutcome.Status.REFUSED, o.status());
        MessagingException e = o.exception();
        assertFalse(e instanceof AuthenticationFailedException, "the credentials are not at fault: " + e);
        assertEquals(FailureKind.OUTAGE, FailureKind.of(e));
        assertTrue(e.getMessage().contains("503"), e.getMessage());
        assertInstanceOf(TokenException.class, e.getCause());
        assertEquals(0, SANDBOX.get().graphRequests());
    }

    @Test
    void theIdentityPlatformDroppingTheConnectionIsAnOutage() throws Exception {
        SANDBOX.get().faults().nextTokenRequests(2, Fault.resetBeforeAccept());
        SendOutcome o = send(SANDBOX.get().mailProperties());
        assertEquals(FailureKind.OUTAGE, FailureKind.of(o.exception()), o.text());
        assertEquals(0, SANDBOX.get().messages().size());
    }

    @Test
    void aSlowIdentityPlatformIsAnOutage() throws Exception {
        Properties p = SANDBOX.get().mailProperties();
        p.setProperty("mail.graph.timeout", "2000");
        SANDBOX.get().faults().nextTokenRequests(2, Fault.latency(Duration.ofMillis(4000)));
        SendOutcome o = send(p);
        assertEquals(FailureKind.OUTAGE, FailureKind.of(o.exception()), o.text());
        assertEquals(0, SANDBOX.get().messages().size());
    }

    private static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            if (condition.getAsBoolean()) return true;
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }

    @Test
    void inTheUsGovernmentCloudsALargeAttachmentIsRefusedBeforeAnyRequest() throws Exception {
        Properties p = SANDBOX.get().mailProperties();
        p.setProperty("mail.graph.cloud", "usgovdod");   // endpoint and authority still point at the sandbox
        MimeMessage m = new MimeMessage(Session.getInstance(p));
        m.setFrom(new InternetAddress("sender@contoso.example"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress("alice@contoso.example"));
        m.setSubject("large, in DoD");
        jakarta.mail.internet.MimeMultipart mixed = new jakarta.mail.internet.MimeMultipart();
        jakarta.mail.internet.MimeBodyPart big = new jakarta.mail.internet.MimeBodyPart();
        big.setDataHandler(new jakarta.activation.DataHandler(new jakarta.mail.util.ByteArrayDataSource(
                new byte[4 * 1024 * 1024], "application/pdf")));
        big.setFileName("report.pdf");
        mixed.addBodyPart(big);
        m.setContent(mixed);
        m.saveChanges();
        SendOutcome o;
        try (MailerRegistry.Lease lease = registry.lease(GraphSettings.from(p))) {
            o = lease.mailer().send(m, m.getAllRecipients(), null, null);
        }
        assertEquals(SendOutcome.Status.REFUSED, o.status());
        assertTrue(o.text().contains("does not offer in the usgovdod cloud"), o.text());
        assertTrue(o.text().contains("report.pdf"), o.text());
        assertEquals(0, SANDBOX.get().graphRequests(), "refused before any request");
    }
}
