package io.graphmail.transport;

import io.graphmail.api.UncertainDeliveryException;
import io.graphmail.sandbox.Fault;
import io.graphmail.sandbox.Sandbox;
import io.graphmail.sandbox.SandboxExtension;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Throttling, outages, revoked tokens and many threads: handled for the user, and never a duplicate. */
class ResilienceTest {

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.demo();

    private static Sandbox sandbox() {
        return SANDBOX.get();
    }

    private static void send(Properties p, String subject) throws Exception {
        Session session = Session.getInstance(p);
        Transport.send(Demo.message(session, Demo.SENDER, subject, Demo.ALICE));
    }

    @Test
    void throttledWithRetryAfterIsRetriedAndDeliveredOnce() throws Exception {
        sandbox().faults().next(2, Fault.throttle(1));
        send(Demo.properties(sandbox()), "after 429");
        assertEquals(1, sandbox().messages().size());
    }

    @Test
    void throttledWithoutRetryAfterBacksOff() throws Exception {
        sandbox().faults().next(1, Fault.throttle(null));
        send(Demo.properties(sandbox()), "after 429 without Retry-After");
        assertEquals(1, sandbox().messages().size());
    }

    @Test
    void serviceUnavailableIsRetried() throws Exception {
        sandbox().faults().next(1, Fault.serviceUnavailable(0));
        send(Demo.properties(sandbox()), "after 503");
        assertEquals(1, sandbox().messages().size());
    }

    @Test
    void retriesAreBoundedAndTheErrorSaysSo() {
        Properties p = Demo.properties(sandbox());
        p.setProperty("mail.graph.retries", "1");
        sandbox().faults().next(5, Fault.throttle(0));
        SendFailedException e = assertThrows(SendFailedException.class, () -> send(p, "throttled"));
        assertTrue(e.getMessage().contains("429"), e.getMessage());
        assertTrue(e.getMessage().contains("mail.graph.retries"), e.getMessage());
        assertEquals(0, sandbox().messages().size());
    }

    @Test
    void gatewayTimeoutAfterAcceptanceIsUncertainAndNeverResent() {
        sandbox().faults().next(1, Fault.gatewayTimeoutAfterAccept());
        UncertainDeliveryException e = assertThrows(UncertainDeliveryException.class,
                () -> send(Demo.properties(sandbox()), "504"));
        assertTrue(e.getMessage().contains("Sent Items"), e.getMessage());
        assertEquals(1, sandbox().messages().size(), "accepted once, and not sent a second time");
    }

    @Test
    void revokedTokenIsReplacedOnceAndTheSendSucceeds() throws Exception {
        Properties p = Demo.freshProperties(sandbox());
        send(p, "first");
        assertEquals(1, sandbox().tokenRequests());
        sandbox().revokeIssuedTokens();
        send(p, "second");
        assertEquals(2, sandbox().tokenRequests(), "exactly one refresh after the 401");
        assertEquals(2, sandbox().messages().size());
    }

    @Test
    void fiftyConcurrentSendersShareOneTokenAndStayWithinFourRequestsPerMailbox() throws Exception {
        Properties p = Demo.freshProperties(sandbox());
        sandbox().faults().next(50, Fault.latency(Duration.ofMillis(50)));
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    Session session = Session.getInstance(p);
                    MimeMessage m = Demo.message(session, Demo.SENDER, "concurrent " + n, Demo.ALICE);
                    Transport.send(m);
                    return null;
                }));
            }
            for (Future<?> f : futures) f.get();
        } finally {
            pool.shutdownNow();
        }
        assertEquals(50, sandbox().messages().size());
        assertEquals(1, sandbox().tokenRequests(), "one token for all 50 senders");
        assertTrue(sandbox().peakConcurrentRequests(Demo.SENDER) <= 4,
                "peak " + sandbox().peakConcurrentRequests(Demo.SENDER));
        assertTrue(sandbox().peakConcurrentRequests(Demo.SENDER) >= 2, "the senders did run concurrently");
    }
}
