package io.graphmail.sandbox;

import java.util.ArrayDeque;
import java.util.Deque;

/** The queue of faults waiting for the next Graph requests (token requests are never faulted). */
public final class Faults {
    private final Deque<Fault> queue = new ArrayDeque<>();

    Faults() {
    }

    /**
     * Queues a fault for the next {@code count} Graph requests, after any already queued.
     *
     * @param count how many requests get it
     * @param fault the fault
     */
    public synchronized void next(int count, Fault fault) {
        if (count < 0 || fault == null) {
            throw new IllegalArgumentException("count must be >= 0 and fault non-null");
        }
        for (int i = 0; i < count; i++) {
            queue.addLast(fault);
        }
    }

    /** Drops every queued fault. */
    public synchronized void clear() {
        queue.clear();
    }

    /** @return the fault for the request now arriving, or null */
    synchronized Fault poll() {
        return queue.pollFirst();
    }
}
