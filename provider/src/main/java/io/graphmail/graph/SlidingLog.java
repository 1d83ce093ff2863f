package io.graphmail.graph;

/**
 * Units (requests, bytes) spent, each at a time, kept for one window: how many were spent in the window ending now,
 * and when enough will have left it for more. A ring of primitive longs that grows only as far as the traffic needs
 * and shrinks again when it calms down, so a quiet mailbox costs a few bytes. Not thread-safe: its {@link MailboxPace} holds the lock.
 */
final class SlidingLog {

    private long[] times = new long[8];
    private long[] units = new long[8];
    private int head;
    private int size;
    private long sum;

    void add(long at, long n) {
        if (size == times.length) {
            grow();
        }
        int i = (head + size) % times.length;
        times[i] = at;
        units[i] = n;
        size++;
        sum += n;
    }

    /** @return units spent in the window that ends at {@code now} */
    long used(long now, long window) {
        while (size > 0 && times[head] <= now - window) {
            sum -= units[head];
            head = (head + 1) % times.length;
            size--;
        }
        if (times.length > 8 && size < times.length / 4) {
            resize(times.length / 2);   // a mailbox that was busy and is quiet again gives the memory back
        }
        return sum;
    }

    /**
     * @param room how many units the window may hold besides those counted elsewhere
     * @return nanoseconds from {@code now} until {@code n} more fit into {@code room}, 0 when they fit now; a
     *         request larger than the whole room fits once the window is empty
     */
    long waitFor(long n, long room, long now, long window) {
        long left = used(now, window);
        if (left + n <= room || left == 0) {
            return 0;
        }
        for (int k = 0; k < size; k++) {
            int i = (head + k) % times.length;
            left -= units[i];
            if (left + n <= room || left == 0) {
                return Math.max(1, times[i] + window - now);
            }
        }
        return window;
    }

    private void grow() {
        resize(times.length * 2);
    }

    private void resize(int capacity) {
        long[] t = new long[capacity];
        long[] u = new long[capacity];
        for (int k = 0; k < size; k++) {
            int i = (head + k) % times.length;
            t[k] = times[i];
            u[k] = units[i];
        }
        times = t;
        units = u;
        head = 0;
    }
}
