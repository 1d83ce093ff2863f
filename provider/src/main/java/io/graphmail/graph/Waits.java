package io.graphmail.graph;

import java.time.Duration;

/**
 * The clock and the waits of the send path (Retry-After, back-off, the look-ups after an unclear send), in one place
 * so that tests replace them: a test proves how long and how often graphmail waits without waiting itself.
 */
public interface Waits {

    /** Real time: {@link System#nanoTime()} and {@link Thread#sleep}. */
    Waits SYSTEM = new Waits() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            Thread.sleep(duration.toMillis());
        }
    };

    /** A monotonic clock in nanoseconds, as {@link System#nanoTime()}. */
    long nanoTime();

    /** Waits this long (a test's implementation may only record it and move its clock). */
    void sleep(Duration duration) throws InterruptedException;

    /** The time of day, for token expiry: the system's, or a test's that moves with {@link #nanoTime()}. */
    default java.time.Clock clock() {
        return java.time.Clock.systemUTC();
    }
}
