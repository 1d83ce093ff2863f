package io.graphmail.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The request and upload budgets on a clock the test moves: the sliding window, Retry-After and the time scale. */
class MailboxLimitsTest {
    private static final String APP = "app";
    private static final String OTHER_APP = "other-app";
    private static final String MAILBOX = "sender@contoso.example";

    private final AtomicLong now = new AtomicLong(5_000_000_000L);
    private final MailboxLimits limits = new MailboxLimits(now::get);

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void theRequestBudgetSlidesAndRetryAfterSaysWhenTheOldestLeavesTheWindow() {
        Limits l = Limits.graph().withRequests(3, Duration.ofSeconds(60));
        limits.admit(APP, MAILBOX, 0, l);
        advance(Duration.ofSeconds(10));
        limits.admit(APP, MAILBOX, 0, l);
        limits.admit(APP, MAILBOX, 0, l);
        advance(Duration.ofMillis(20_500));   // 30.5 s after the first
        GraphError e = assertThrows(GraphError.class, () -> limits.admit(APP, MAILBOX, 0, l));
        assertEquals(429, e.status());
        assertEquals("ApplicationThrottled", e.code());
        assertEquals("Application is over its MailboxRequests limit.", e.getMessage());
        assertEquals("30", e.headers().get("Retry-After"));   // 29.5 s, rounded up
        // A fixed window starting at the first request would admit here; the sliding one does not.
        advance(Duration.ofMillis(29_499));
        assertThrows(GraphError.class, () -> limits.admit(APP, MAILBOX, 0, l));
        advance(Duration.ofMillis(1));
        limits.admit(APP, MAILBOX, 0, l);
        assertEquals(2, limits.refusals(MailboxLimits.Kind.REQUESTS));
        assertEquals(3, limits.requestsInWindow(APP, MAILBOX, l));
    }

    @Test
    void budgetsArePerAppAndMailboxAndRefusalsCountAgainstNothing() {
        Limits l = Limits.graph().withRequests(1, Duration.ofMinutes(10));
        limits.admit(APP, MAILBOX, 0, l);
        limits.admit(OTHER_APP, MAILBOX, 0, l);
        limits.admit(APP, "alice@contoso.example", 0, l);
        for (int i = 0; i < 5; i++) {
            assertThrows(GraphError.class, () -> limits.admit(APP, MAILBOX, 0, l));
        }
        assertEquals(1, limits.requestsInWindow(APP, MAILBOX, l));
        advance(Duration.ofMinutes(10));
        limits.admit(APP, MAILBOX, 0, l);
    }

    @Test
    void theUploadBudgetCountsBytesAndWaitsUntilEnoughHaveLeft() {
        Limits l = Limits.graph().withUploadBytes(1000, Duration.ofMinutes(5));
        limits.admit(APP, MAILBOX, 400, l);
        advance(Duration.ofSeconds(100));
        limits.admit(APP, MAILBOX, 400, l);
        GraphError e = assertThrows(GraphError.class, () -> limits.admit(APP, MAILBOX, 300, l));
        assertEquals("Application is over its IncomingBytes limit.", e.getMessage());
        assertEquals("200", e.headers().get("Retry-After"));   // the first 400 bytes leave at 300 s
        limits.admit(APP, MAILBOX, 200, l);   // still fits
        assertEquals(1, limits.refusals(MailboxLimits.Kind.UPLOAD_BYTES));
        // A body that does not count bytes (a GET) is limited by the request budget only.
        limits.admit(APP, MAILBOX, 0, l);
        // A body bigger than the whole budget gets in only once the window is empty.
        advance(Duration.ofSeconds(300));
        limits.admit(APP, MAILBOX, 5000, l);
    }

    @Test
    void theTimeScaleCompressesWindowsAndBudgetsAlike() {
        Limits l = Limits.graph().withTimeScale(0.01);
        assertEquals(100, l.scaledRequests());
        assertEquals(Duration.ofSeconds(6), l.scaledRequestWindow());
        assertEquals(Math.round(Limits.GRAPH_UPLOAD_BYTES * 0.01), l.scaledUploadBytes());
        assertEquals(Duration.ofSeconds(3), l.scaledUploadWindow());
        for (int i = 0; i < 100; i++) {
            limits.admit(APP, MAILBOX, 0, l);
        }
        GraphError e = assertThrows(GraphError.class, () -> limits.admit(APP, MAILBOX, 0, l));
        assertEquals("6", e.headers().get("Retry-After"));
        advance(Duration.ofSeconds(6));
        limits.admit(APP, MAILBOX, 0, l);
    }

    @Test
    void resetForgetsBudgetsAndCounts() {
        Limits l = Limits.graph().withRequests(1, Duration.ofMinutes(10));
        limits.admit(APP, MAILBOX, 0, l);
        assertThrows(GraphError.class, () -> limits.admit(APP, MAILBOX, 0, l));
        limits.refusedForConcurrency();
        limits.reset();
        assertEquals(0, limits.refusals(MailboxLimits.Kind.REQUESTS));
        assertEquals(0, limits.refusals(MailboxLimits.Kind.CONCURRENCY));
        limits.admit(APP, MAILBOX, 0, l);
    }

    @Test
    void outOfRangeLimitsAreRefusedNamingTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Limits.graph().withTimeScale(0));
        assertEquals("limits.timeScale must be > 0 and <= 1", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Limits.graph().withRequests(0, Duration.ofSeconds(1)));
    }
}
