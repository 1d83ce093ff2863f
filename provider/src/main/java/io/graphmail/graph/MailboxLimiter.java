package io.graphmail.graph;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Paces the requests of one configuration to each mailbox within Graph's limits per app and mailbox (4 in flight,
 * 10,000 requests per 10 minutes, 150 MB per 5 minutes: docs/graph-behaviour.md §4): waiting here is cheaper than
 * being throttled. When Graph throttles anyway (other nodes or applications share the mailbox) the mailbox's pace
 * drops and then recovers ({@link MailboxPace}), and a Retry-After holds back every request to that mailbox, not only
 * the one that got it.
 */
public final class MailboxLimiter {

    private final int permits;
    private final MailboxBudget budget;
    private final ConcurrentHashMap<String, MailboxPace> mailboxes = new ConcurrentHashMap<>();

    /** @param permits requests in flight per mailbox ({@code mail.graph.concurrency}); Graph's budgets */
    public MailboxLimiter(int permits) {
        this(permits, MailboxBudget.GRAPH);
    }

    /**
     * @param permits requests in flight per mailbox at most
     * @param budget  the requests and bytes per window to keep to (Graph's unless a test compresses time)
     * @throws IllegalArgumentException when permits is below 1
     */
    public MailboxLimiter(int permits, MailboxBudget budget) {
        if (permits < 1) {
            throw new IllegalArgumentException("at least one request per mailbox must be allowed in flight");
        }
        this.permits = permits;
        this.budget = budget;
    }

    /** A started request: finish it exactly once. */
    final class Permit {
        private final MailboxPace pace;
        private final long startedAt;
        private final long bytes;
        private final Waits clock;
        private boolean finished;

        private Permit(MailboxPace pace, long startedAt, long bytes, Waits clock) {
            this.pace = pace;
            this.startedAt = startedAt;
            this.bytes = bytes;
            this.clock = clock;
        }

        /** @param status the answer's status, 0 when none came @param retryAfterSeconds Graph's Retry-After, or null */
        void finish(int status, Long retryAfterSeconds) {
            synchronized (pace) {
                if (finished) {
                    return;
                }
                finished = true;
                pace.finish(startedAt, clock.nanoTime(), bytes, status, retryAfterSeconds);
                pace.notifyAll();
            }
        }
    }

    /**
     * Waits until the mailbox's pace lets one more request of {@code bytes} body bytes go.
     *
     * @param clock the clock and sleeps of the exchange asking (a test's fake one moves without waiting)
     * @throws InterruptedException when interrupted while waiting: nothing was started
     */
    Permit acquire(String mailbox, long bytes, Waits clock) throws InterruptedException {
        MailboxPace pace = mailboxes.computeIfAbsent(mailbox.toLowerCase(Locale.ROOT),
                k -> new MailboxPace(permits, budget));
        while (true) {
            long wait;
            synchronized (pace) {
                long now = clock.nanoTime();
                wait = pace.tryStart(now, bytes);
                if (wait == 0) {
                    return new Permit(pace, now, bytes, clock);
                }
                if (wait == MailboxPace.UNTIL_RELEASE) {
                    pace.wait();
                    continue;
                }
            }
            clock.sleep(Duration.ofNanos(wait));
        }
    }

    /** @return the pace of a mailbox, for tests; null before its first request */
    MailboxPace pace(String mailbox) {
        return mailboxes.get(mailbox.toLowerCase(Locale.ROOT));
    }
}
