package io.graphmail.sandbox;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * A sliding-window budget per key: at most {@code limit} units (requests, bytes) in any window of {@code window}
 * nanoseconds, counted at the moment they are admitted. Not thread-safe: {@link MailboxLimits} holds the lock.
 *
 * <p>Sliding rather than fixed: a client that keeps to a sliding window also keeps to any fixed-window count, so the
 * sandbox judges by the stricter of the two readings of "N per period" (docs/sandbox.md, "Graph's mailbox limits").
 */
final class SlidingWindow {
    /** One admission: when, and how many units. */
    private record Entry(long at, long units) {
    }

    private static final class Log {
        final ArrayDeque<Entry> entries = new ArrayDeque<>();
        long sum;
    }

    private final Map<String, Log> logs = new HashMap<>();

    /**
     * @param units what this request would add (a request is 1, an upload its bytes)
     * @return 0 when admissible now, else the nanoseconds until enough older units have left the window; a request
     *     larger than the whole budget is admissible once the window is empty (it could never be otherwise)
     */
    long waitFor(String key, long units, long limit, long window, long now) {
        Log log = logs.get(key);
        if (log == null) {
            return 0;
        }
        evict(log, window, now);
        if (log.sum + units <= limit || log.sum == 0) {
            return 0;
        }
        long left = log.sum;
        for (Iterator<Entry> it = log.entries.iterator(); it.hasNext(); ) {
            Entry e = it.next();
            left -= e.units();
            if (left + units <= limit || left == 0) {
                return Math.max(1, e.at() + window - now);
            }
        }
        return window;   // unreachable: the loop ends with left == 0
    }

    void add(String key, long units, long now) {
        Log log = logs.computeIfAbsent(key, k -> new Log());
        log.entries.addLast(new Entry(now, units));
        log.sum += units;
    }

    /** @return the units counted in the window ending now */
    long used(String key, long window, long now) {
        Log log = logs.get(key);
        if (log == null) {
            return 0;
        }
        evict(log, window, now);
        return log.sum;
    }

    void clear() {
        logs.clear();
    }

    private static void evict(Log log, long window, long now) {
        while (!log.entries.isEmpty() && log.entries.peekFirst().at() <= now - window) {
            log.sum -= log.entries.pollFirst().units();
        }
    }
}
