package io.graphmail.graph;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** How long to wait before retrying a throttled (429) or unavailable (503) request. */
public final class RetryPolicy {

    /** A Retry-After longer than this is not waited for: the caller gets the error instead of a blocked thread. */
    static final Duration LONGEST_WAIT = Duration.ofMinutes(2);

    private final int retries;
    private final Duration base;

    public RetryPolicy(int retries, Duration base) {
        this.retries = retries;
        this.base = base;
    }

    public int retries() {
        return retries;
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
