package io.graphmail.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.graphmail.config.GraphSettings;
import io.graphmail.graph.FakeWaits;
import io.graphmail.sandbox.Fault;
import io.graphmail.sandbox.Sandbox;
import io.graphmail.sandbox.SandboxExtension;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How long and how often the engine waits when Graph throttles, proven with an injected clock: the waits are
 * recorded, not slept, so nothing here depends on the wall clock.
 */
class RetryAfterTest {

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.demo();

    private final FakeWaits clock = new FakeWaits();
    private final MailerRegistry registry = new MailerRegistry(clock);

    @AfterEach
    void close() {
        registry.closeAll();
    }

    private static Sandbox sandbox() {
        return SANDBOX.get();
    }

    private SendOutcome send(Properties p, MimeMessage m) throws Exception {
        m.saveChanges();
        try (MailerRegistry.Lease lease = registry.lease(GraphSettings.from(p))) {
            return lease.mailer().send(m, m.getAllRecipients(), null, null);
        }
    }

    private static MimeMessage message(Properties p, String subject) throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(p));
        m.setFrom(new InternetAddress("sender@contoso.example"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress("alice@contoso.example"));
        m.setSubject(subject);
        m.setText("hello");
        return m;
    }

    @Test
    void retryAfterIsWaitedExactlyAsLongAndAsOftenAsGraphAsks() throws Exception {
        Properties p = sandbox().mailProperties();
        sandbox().faults().next(2, Fault.throttle(7));
        SendOutcome o = send(p, message(p, "after two 429s"));
        assertTrue(o.delivered(), String.valueOf(o.text()));
        assertEquals(List.of(Duration.ofSeconds(7), Duration.ofSeconds(7)), clock.waits());
        assertEquals(1, sandbox().messages().size(), "delivered once");
        assertEquals(3, sandbox().graphRequests(), "two refused, one accepted");
    }

    @Test
    void withoutRetryAfterTheBackOffGrowsWithJitter() throws Exception {
        Properties p = sandbox().mailProperties();
        sandbox().faults().next(3, Fault.serviceUnavailable(null));
        assertTrue(send(p, message(p, "after three 503s")).delivered());
        List<Duration> waits = clock.waits();
        assertEquals(3, waits.size(), waits.toString());
        long[][] bounds = {{250, 500}, {500, 1000}, {1000, 2000}};   // half to all of 500 ms << attempt
        for (int i = 0; i < 3; i++) {
            long ms = waits.get(i).toMillis();
            assertTrue(ms >= bounds[i][0] && ms <= bounds[i][1], "wait " + (i + 1) + " was " + ms + " ms");
        }
    }

    @Test
    void aRetryAfterLongerThanTwoMinutesIsNotWaitedOut() throws Exception {
        Properties p = sandbox().mailProperties();
        sandbox().faults().next(1, Fault.throttle(600));
        SendOutcome o = send(p, message(p, "asked to wait ten minutes"));
        assertEquals(SendOutcome.Status.REFUSED, o.status());
        assertTrue(o.text().contains("not waiting that long"), o.text());
        assertEquals(List.of(), clock.waits(), "the caller gets the error at once, no thread is parked");
        assertEquals(FailureKind.OUTAGE, FailureKind.of(o.exception()));
    }

    @Test
    void retriesStopAtTheConfiguredNumber() throws Exception {
        Properties p = sandbox().mailProperties();
        p.setProperty("mail.graph.retries", "2");
        sandbox().faults().next(5, Fault.throttle(3));
        SendOutcome o = send(p, message(p, "throttled for good"));
        assertEquals(SendOutcome.Status.REFUSED, o.status());
        assertEquals(List.of(Duration.ofSeconds(3), Duration.ofSeconds(3)), clock.waits());
        assertEquals(3, sandbox().graphRequests());
        assertEquals(0, sandbox().messages().size());
    }

    @Test
    void uploadChunksHonourRetryAfterToo() throws Exception {
        Properties p = sandbox().mailProperties();
        MimeMessage m = message(p, "large, throttled upload");
        MimeMultipart mixed = new MimeMultipart();
        MimeBodyPart text = new MimeBodyPart();
        text.setText("see attached");
        mixed.addBodyPart(text);
        MimeBodyPart big = new MimeBodyPart();
        big.setDataHandler(new jakarta.activation.DataHandler(new ByteArrayDataSource(new byte[5 * 1024 * 1024],
                "application/octet-stream")));
        big.setFileName("big.bin");
        mixed.addBodyPart(big);
        m.setContent(mixed);
        sandbox().faults().nextUploadChunks(1, Fault.throttle(11));
        SendOutcome o = send(p, m);
        assertTrue(o.delivered(), String.valueOf(o.text()));
        assertEquals(List.of(Duration.ofSeconds(11)), clock.waits());
        assertEquals(1, sandbox().messages().size());
    }

    @Test
    void anUncertainSendIsLookedUpWithinItsWindowAndNeverResent() throws Exception {
        Properties p = sandbox().mailProperties();
        p.setProperty("mail.graph.retries", "0");
        MimeMessage m = message(p, "504 on a large send");
        MimeMultipart mixed = new MimeMultipart();
        MimeBodyPart big = new MimeBodyPart();
        big.setDataHandler(new jakarta.activation.DataHandler(new ByteArrayDataSource(new byte[4 * 1024 * 1024],
                "application/octet-stream")));
        big.setFileName("a.bin");
        mixed.addBodyPart(big);
        m.setContent(mixed);
        sandbox().sending().sentCopyDelay(Duration.ofMinutes(10));   // the copy never shows while it looks
        sandbox().faults().next(2, Fault.latency(Duration.ZERO));
        sandbox().faults().next(1, Fault.gatewayTimeoutAfterAccept());
        SendOutcome o = send(p, m);
        assertEquals(SendOutcome.Status.UNCERTAIN, o.status());
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2)), clock.waits(),
                "three looks: at once, after 1 s and after 2 s more, within the 5 s window");
        assertEquals(1, sandbox().messages().size(), "accepted once, never resent");
        assertFalse(o.text().contains("Bearer"));
    }
}
