package io.graphmail.graph;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** How long to wait before retrying a throttled (429) or unavailable (503) request. */
public final class RetryPolicy {

    /** A Retry-After longer than this is not waited for: the caller gets the error instead of a blocked thread. */
    static final Duration LONGEST_WAIT = Duration.ofMinutes(2);

    private final int retries;
    private final Duration base;
    private final java.util.concurrent.atomic.LongAdder throttled = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder retried = new java.util.concurrent.atomic.LongAdder();

    public RetryPolicy(int retries, Duration base) {
        this.retries = retries;
        this.base = base;
    }

    public int retries() {
        return retries;
    }

    /** How many throttled answers (429, 503) the requests under this policy got and could retry. */
    public long throttled() {
        return throttled.sum();
    }

    /** How many retries were made, after throttling or a failed upload chunk. */
    public long retried() {
        return retried.sum();
    }

    /**
     * Waits before retry number {@code attempt} after a throttled or failed answer, as {@link #delay} says.
     *
     * @param what what was refused, for the message when the wait is too long
     * @throws GraphException REJECTED, without waiting, when Graph asks for longer than {@link #LONGEST_WAIT}: the
     *         caller gets the error instead of a parked thread; NOT_SENT when interrupted
     */
    void waitBeforeRetry(Waits waits, int attempt, GraphError error, String what) throws GraphException {
        if (error != null && (error.status() == 429 || error.status() == 503)) throttled.increment();
        Duration wait = delay(attempt, error == null ? null : error.retryAfterSeconds());
        if (wait.compareTo(LONGEST_WAIT) > 0) {
            throw new GraphException(GraphException.Outcome.REJECTED, what + ": Graph asked to wait "
                    + wait.toSeconds() + " s before retrying (" + error + "); not waiting that long", error, null);
        }
        retried.increment();
        try {
            waits.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GraphException(GraphException.Outcome.NOT_SENT, "interrupted while waiting to retry", null, e);
        }
    }

    /**
     * The wait before retry number {@code attempt} (1-based): Graph's Retry-After when given, else exponential
     * back-off with jitter so that many throttled senders do not come back at the same instant.
     */
    Duration delay(int attempt, Long retryAfterSeconds) {
        if (retryAfterSeconds != null) {
            return Duration.ofSeconds(retryAfterSeconds);
        }
        long max = base.toMillis() << Math.min(attempt - 1, 10);
        long capped = Math.min(max, 30_000);
        return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }
}
