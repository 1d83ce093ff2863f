package io.graphmail.graph;

/**
 * How fast graphmail may send to one mailbox, decided on a clock it is given (nanoseconds) and never read itself:
 * requests in flight, requests per window and bytes per window (Graph's three limits per app and mailbox), lowered
 * when Graph answers 429 and raised again as requests succeed (additive increase, multiplicative decrease, as TCP
 * shares a link), so that several nodes or configurations sharing a mailbox settle below its limits. The reasoning
 * and the figures are in docs/performance.md, "Pacing at Graph's limits". Not thread-safe: {@link MailboxLimiter}
 * holds the lock.
 *
 * <p>A request counts against the request window from the moment it is started until a full window after its answer
 * arrived: Graph counts it at some instant in between, so a node that keeps to this never exceeds Graph's count in
 * any window, whatever the latency.
 */
final class MailboxPace {

    /** After a 429, the allowance drops to this share of what was in use. */
    static final double DECREASE = 0.95;
    /** The allowance grows by this share of the budget per window's worth of successes. */
    static final double INCREASE = 0.005;
    /**
     * While probing, each success adds this much to the allowance, which doubles it per window while saturated (the
     * room made is used at once): for a node well above the use at which Graph throttled it, where the room is new,
     * or long after the last 429, when whatever shared the mailbox may have gone.
     */
    static final double PROBE = 0.5;
    /** Probing starts at this multiple of the use at which Graph last throttled... */
    static final double PROBE_ABOVE = 2;
    /** ...or this many request windows after the last 429. */
    static final int PROBE_AFTER_WINDOWS = 10;
    /** The allowance never drops below this share of the budget. */
    static final double MINIMUM_SHARE = 0.1;
    /** Concurrency grows by 1 after this many times the current concurrency in successes. */
    static final int CONCURRENCY_GROWTH = 4;

    /** {@link #tryStart} says so when only a request finishing can make room. */
    static final long UNTIL_RELEASE = -1;

    private final int maxConcurrency;
    private final MailboxBudget budget;
    private final long requestWindow;
    private final long uploadWindow;
    private final SlidingLog requests = new SlidingLog();
    private final SlidingLog uploads = new SlidingLog();

    private double concurrency;
    private double allowance;
    /** Requests in use when Graph last throttled (the budget until it has). */
    private double throttledAt;
    private int inFlight;
    private long bytesInFlight;
    private long pausedUntil;
    private boolean paused;
    private long lastDecrease;
    private boolean decreased;

    MailboxPace(int maxConcurrency, MailboxBudget budget) {
        this.maxConcurrency = maxConcurrency;
        this.budget = budget;
        this.requestWindow = budget.requestWindow().toNanos();
        this.uploadWindow = budget.uploadWindow().toNanos();
        this.concurrency = maxConcurrency;
        this.allowance = budget.requests();
        this.throttledAt = budget.requests();
    }

    /**
     * Starts a request of {@code bytes} body bytes if every limit has room for it now.
     *
     * @return 0 when started (finish it with {@link #finish}); else nanoseconds to wait before asking again, or
     *         {@link #UNTIL_RELEASE} when only a request in flight finishing can make room
     */
    long tryStart(long now, long bytes) {
        if (paused && now - pausedUntil < 0) {
            return pausedUntil - now;
        }
        int requestRoom = (int) allowance - inFlight;
        if (inFlight >= (int) concurrency || requestRoom < 1) {
            return UNTIL_RELEASE;
        }
        long wait = requests.waitFor(1, requestRoom, now, requestWindow);
        if (wait > 0) {
            return wait;
        }
        if (bytes > 0) {
            long byteRoom = budget.uploadBytes() - bytesInFlight;
            if (bytesInFlight > 0 && byteRoom < bytes) {
                return UNTIL_RELEASE;
            }
            wait = uploads.waitFor(bytes, byteRoom, now, uploadWindow);
            if (wait > 0) {
                return wait;
            }
        }
        inFlight++;
        bytesInFlight += Math.max(0, bytes);
        return 0;
    }

    /**
     * Ends a request begun by {@link #tryStart}: it now counts in the windows from {@code now}, and its answer moves
     * the pace.
     *
     * @param startedAt         when {@link #tryStart} started it
     * @param status            the HTTP status, or 0 when no answer came (it may still have reached Graph)
     * @param retryAfterSeconds Graph's Retry-After, or null
     */
    void finish(long startedAt, long now, long bytes, int status, Long retryAfterSeconds) {
        inFlight--;
        bytesInFlight -= Math.max(0, bytes);
        requests.add(now, 1);
        if (bytes > 0) {
            uploads.add(now, bytes);
        }
        if (retryAfterSeconds != null && retryAfterSeconds > 0 && (status == 429 || status == 503)) {
            long until = now + retryAfterSeconds * 1_000_000_000L;
            if (!paused || until - pausedUntil > 0) {
                pausedUntil = until;
                paused = true;
            }
        }
        if (status == 429) {
            // One decrease per round: requests already in flight when the pace was lowered were sent at the old
            // pace, and their 429s say nothing new.
            if (!decreased || startedAt - lastDecrease > 0) {
                long inUse = requests.used(now, requestWindow) + inFlight;
                throttledAt = inUse;
                allowance = Math.max(minimumAllowance(), Math.min(allowance, inUse) * DECREASE);
                concurrency = Math.max(1, concurrency / 2);
                lastDecrease = now;
                decreased = true;
            }
        } else if (status >= 200 && status < 300) {
            // + INCREASE of the budget per allowance's worth of successes: linear in time while saturated
            double step = INCREASE * budget.requests() / allowance;
            if (allowance >= PROBE_ABOVE * throttledAt || !decreased
                    || now - lastDecrease >= PROBE_AFTER_WINDOWS * requestWindow) {
                step = Math.max(step, PROBE);
            }
            allowance = Math.min(budget.requests(), allowance + step);
            concurrency = Math.min(maxConcurrency, concurrency + 1.0 / (CONCURRENCY_GROWTH * concurrency));
        }
    }

    /**
     * A tenth of the budget: a node using less than that when throttled is unlikely to be the cause (the 429 was for
     * concurrency, or another node uses the budget), and cutting it further would starve it for many windows.
     */
    private double minimumAllowance() {
        return Math.max(1, budget.requests() * MINIMUM_SHARE);
    }

    /** @return requests this node may have in the request window now (for tests and diagnostics) */
    double allowance() {
        return allowance;
    }

    /** @return requests this node may have in flight now */
    int concurrency() {
        return (int) concurrency;
    }

    /** @return requests in flight */
    int inFlight() {
        return inFlight;
    }
}
