package io.graphmail.sandbox;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Graph's request and upload budgets per app and mailbox ({@link Limits}), and how many 429s each limit, the
 * concurrency limit included, has answered. A refused request counts against no budget.
 */
final class MailboxLimits {
    /** The limit a 429 was answered for. */
    enum Kind { CONCURRENCY, REQUESTS, UPLOAD_BYTES }

    private final LongSupplier nanoClock;
    private final SlidingWindow requests = new SlidingWindow();
    private final SlidingWindow uploads = new SlidingWindow();
    private final Map<Kind, AtomicInteger> refusals = new EnumMap<>(Kind.class);

    /** @param nanoClock a monotonic clock in nanoseconds ({@code System::nanoTime} outside tests) */
    MailboxLimits(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        for (Kind k : Kind.values()) {
            refusals.put(k, new AtomicInteger());
        }
    }

    /**
     * Counts one request of {@code bodyBytes} against the app's budgets for the mailbox, or refuses it.
     *
     * @throws GraphError 429 ApplicationThrottled with the seconds until the budget admits it as Retry-After
     */
    synchronized void admit(String clientId, String mailbox, long bodyBytes, Limits limits) {
        String key = clientId + "|" + mailbox;
        long now = nanoClock.getAsLong();
        long requestWindow = limits.scaledRequestWindow().toNanos();
        long wait = requests.waitFor(key, 1, limits.scaledRequests(), requestWindow, now);
        if (wait > 0) {
            throw refuse(Kind.REQUESTS, "Application is over its MailboxRequests limit.", wait);
        }
        long uploadWindow = limits.scaledUploadWindow().toNanos();
        if (bodyBytes > 0) {
            wait = uploads.waitFor(key, bodyBytes, limits.scaledUploadBytes(), uploadWindow, now);
            if (wait > 0) {
                throw refuse(Kind.UPLOAD_BYTES, "Application is over its IncomingBytes limit.", wait);
            }
            uploads.add(key, bodyBytes, now);
        }
        requests.add(key, 1, now);
    }

    /** Counts a 429 the concurrency limit answered. */
    void refusedForConcurrency() {
        refusals.get(Kind.CONCURRENCY).incrementAndGet();
    }

    /** @return 429s answered for this limit since start or the last reset */
    int refusals(Kind kind) {
        return refusals.get(kind).get();
    }

    /** @return requests counted in the app's current request window for the mailbox */
    synchronized long requestsInWindow(String clientId, String mailbox, Limits limits) {
        return requests.used(clientId + "|" + mailbox, limits.scaledRequestWindow().toNanos(), nanoClock.getAsLong());
    }

    /** Forgets the counts and the budgets used: a fresh start for the next test. */
    synchronized void reset() {
        requests.clear();
        uploads.clear();
        refusals.values().forEach(n -> n.set(0));
    }

    private GraphError refuse(Kind kind, String message, long waitNanos) {
        refusals.get(kind).incrementAndGet();
        long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
        return new GraphError(429, "ApplicationThrottled", message).retryAfter((int) Math.min(seconds, 600));
    }
}
