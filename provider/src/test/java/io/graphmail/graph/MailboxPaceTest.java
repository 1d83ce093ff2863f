package io.graphmail.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-mailbox pace on a clock the test moves: the cap, the decrease on 429, the recovery, Retry-After. */
class MailboxPaceTest {

    private static final String MAILBOX = "sender@contoso.example";
    private static final long MS = 1_000_000L;
    /** 100 requests per minute, 1,000 bytes per minute. */
    private static final MailboxBudget BUDGET = new MailboxBudget(100, Duration.ofMinutes(1), 1000,
            Duration.ofMinutes(1));

    private long now = 1_000_000_000L;

    /** One request that starts now, takes 1 ms and gets {@code status}. */
    private long request(MailboxPace pace, int status, Long retryAfter) {
        long wait = pace.tryStart(now, 0);
        if (wait != 0) {
            return wait;
        }
        long started = now;
        now += MS;
        pace.finish(started, now, 0, status, retryAfter);
        return 0;
    }

    @Test
    void aLoneNodeKeepsToTheBudgetAndIsNeverSlowedBelowIt() {
        MailboxPace pace = new MailboxPace(4, BUDGET);
        for (int i = 0; i < 100; i++) {
            assertEquals(0, request(pace, 202, null));
        }
        assertEquals(100.0, pace.allowance());
        // The 101st waits until the first answer is a full window old.
        long wait = pace.tryStart(now, 0);
        assertEquals(1_000_000_000L + MS + Duration.ofMinutes(1).toNanos() - now, wait);
        now += wait;
        assertEquals(0, request(pace, 202, null));
    }

    @Test
    void a429CutsTheAllowanceToAShareOfWhatWasInUseAndHalvesConcurrency() {
        MailboxPace pace = new MailboxPace(4, BUDGET);
        for (int i = 0; i < 60; i++) {
            request(pace, 202, null);
        }
        request(pace, 429, null);
        assertEquals(61 * MailboxPace.DECREASE, pace.allowance(), 1e-9);
        assertEquals(2, pace.concurrency());
    }

    @Test
    void answersToRequestsSentBeforeTheCutDoNotCutAgain() {
        MailboxPace pace = new MailboxPace(4, BUDGET);
        for (int i = 0; i < 60; i++) {
            request(pace, 202, null);
        }
        long first = now;
        assertEquals(0, pace.tryStart(now, 0));
        assertEquals(0, pace.tryStart(now, 0));
        now += MS;
        pace.finish(first, now, 0, 429, null);
        double afterCut = pace.allowance();
        pace.finish(first, now + MS, 0, 429, null);
        assertEquals(afterCut, pace.allowance());
        // A request sent after the cut (a window later: the allowance is used up until then) and throttled cuts again.
        now += Duration.ofMinutes(1).toNanos();
        assertEquals(0, request(pace, 429, null));
        assertTrue(pace.allowance() < afterCut);
    }

    @Test
    void successesRaiseTheAllowanceByAFixedShareOfTheBudgetPerWindowUpToTheCap() {
        MailboxPace pace = new MailboxPace(4, BUDGET);
        for (int i = 0; i < 60; i++) {
            request(pace, 202, null);
        }
        request(pace, 429, null);
        double cut = pace.allowance();
        now += Duration.ofMinutes(1).toNanos();
        // One allowance's worth of successes adds INCREASE of the budget, near enough.
        int successes = (int) cut;
        for (int i = 0; i < successes; i++) {
            request(pace, 202, null);
        }
        assertEquals(cut + MailboxPace.INCREASE * 100, pace.allowance(), 0.05);
        assertEquals(4, pace.concurrency());
        for (int window = 0; window < 120; window++) {
            now += Duration.ofMinutes(1).toNanos();
            for (int i = 0; i < 100 && pace.tryStart(now, 0) == 0; i++) {
                long started = now;
                now += MS;
                pace.finish(started, now, 0, 202, null);
            }
        }
        assertEquals(100.0, pace.allowance());
        assertEquals(4, pace.concurrency());
    }

    /** Sends as much as the pace allows in one window, a window after the last; returns how many went. */
    private int saturateOneWindow(MailboxPace pace) {
        now += Duration.ofMinutes(1).toNanos();
        int successes = 0;
        while (pace.tryStart(now, 0) == 0) {
            long started = now;
            now += MS;
            pace.finish(started, now, 0, 202, null);
            successes++;
        }
        return successes;
    }

    @Test
    void wellAboveTheUseThatWasThrottledTheAllowanceDoublesPerWindow() {
        MailboxPace pace = new MailboxPace(4, BUDGET);
        request(pace, 202, null);
        request(pace, 202, null);
        request(pace, 429, null);   // throttled while using 3: someone else's doing, or concurrency
        assertEquals(10.0, pace.allowance());
        // Saturated from now on: each success adds half a request and the room it makes is used in the same window,
        // so the allowance doubles per window instead of growing by 0.5 % of the budget.
        int windows = 0;
        while (pace.allowance() < 100) {
            double before = pace.allowance();
            int successes = saturateOneWindow(pace);
            assertEquals(Math.min(100, before + successes * MailboxPace.PROBE), pace.allowance(), 1e-9);
            windows++;
        }
        assertEquals(4, windows);   // 10, 20, 40, 80, 100: not the 180 windows of 0.5 % steps
    }

    @Test
    void nearTheUseThatWasThrottledGrowthStaysAdditiveUntilTenQuietWindowsHavePassed() {
        MailboxPace pace = new MailboxPace(4, BUDGET);
        for (int i = 0; i < 60; i++) {
            request(pace, 202, null);
        }
        request(pace, 429, null);
        for (int w = 1; w < MailboxPace.PROBE_AFTER_WINDOWS; w++) {
            double before = pace.allowance();
            saturateOneWindow(pace);
            assertEquals(before + MailboxPace.INCREASE * 100, pace.allowance(), 0.05);
        }
        double before = pace.allowance();
        int successes = saturateOneWindow(pace);   // the tenth window after the 429
        assertEquals(Math.min(100, before + successes * MailboxPace.PROBE), pace.allowance(), 1e-9);
        assertTrue(pace.allowance() > 1.5 * before);
    }

    @Test
    void theAllowanceNeverDropsBelowATenthOfTheBudget() {
        MailboxPace pace = new MailboxPace(4, BUDGET);
        for (int i = 0; i < 5; i++) {
            now += Duration.ofMinutes(1).toNanos();
            request(pace, 429, null);
        }
        assertEquals(10.0, pace.allowance());
        assertEquals(1, pace.concurrency());
    }

    @Test
    void concurrencyIsHeldAtTheConfiguredCeiling() {
        MailboxPace pace = new MailboxPace(2, BUDGET);
        assertEquals(0, pace.tryStart(now, 0));
        assertEquals(0, pace.tryStart(now, 0));
        assertEquals(MailboxPace.UNTIL_RELEASE, pace.tryStart(now, 0));
        pace.finish(now, now + MS, 0, 202, null);
        assertEquals(0, pace.tryStart(now + MS, 0));
    }

    @Test
    void retryAfterHoldsBackEveryRequestToTheMailbox() throws Exception {
        FakeWaits clock = new FakeWaits();
        MailboxLimiter limiter = new MailboxLimiter(4, BUDGET);
        MailboxLimiter.Permit p = limiter.acquire(MAILBOX, 0, clock);
        p.finish(429, 7L);
        // Another request to the same mailbox (any case) waits the 7 s; another mailbox does not.
        limiter.acquire("other@contoso.example", 0, clock).finish(202, null);
        assertEquals(List.of(), clock.waits());
        limiter.acquire("Sender@Contoso.Example", 0, clock).finish(202, null);
        assertEquals(List.of(Duration.ofSeconds(7)), clock.waits());
    }

    @Test
    void theUploadBudgetCountsBodyBytes() throws Exception {
        FakeWaits clock = new FakeWaits();
        MailboxLimiter limiter = new MailboxLimiter(4, BUDGET);
        limiter.acquire(MAILBOX, 600, clock).finish(202, null);
        clock.advance(Duration.ofSeconds(10));
        limiter.acquire(MAILBOX, 600, clock).finish(202, null);
        assertEquals(List.of(Duration.ofSeconds(50)), clock.waits());
        // A body bigger than the whole budget goes once nothing else is in the window.
        limiter.acquire(MAILBOX, 5000, clock).finish(202, null);
        assertEquals(Duration.ofMinutes(1), clock.waits().get(1));
    }
}
