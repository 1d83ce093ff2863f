package io.graphmail.graph;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Keeps at most N requests in flight per mailbox: Exchange Online allows 4 concurrent requests per app and mailbox
 * and answers more with 429 (docs/graph-behaviour.md §4), so queueing here is cheaper than being throttled.
 */
public final class MailboxLimiter {

    private final int permits;
    private final ConcurrentHashMap<String, Semaphore> mailboxes = new ConcurrentHashMap<>();

    public MailboxLimiter(int permits) {
        this.permits = permits;
    }

    /** Waits for a slot for this mailbox; release it with {@link #release(String)}. */
    public void acquire(String mailbox) throws InterruptedException {
        semaphore(mailbox).acquire();
    }

    public void release(String mailbox) {
        semaphore(mailbox).release();
    }

    private Semaphore semaphore(String mailbox) {
        return mailboxes.computeIfAbsent(mailbox.toLowerCase(Locale.ROOT), k -> new Semaphore(permits, true));
    }
}
