package io.graphmail.it.servers;

import java.time.Duration;
import java.util.function.Supplier;

/** Waits for a condition, never for a fixed time: polls until it holds or the limit is reached. */
final class Wait {

    private Wait() {
    }

    /**
     * @param what    what is awaited, for the failure message
     * @param limit   how long at most
     * @param outcome null while not there yet, else the result
     */
    static <T> T until(String what, Duration limit, Supplier<T> outcome) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            T result = outcome.get();
            if (result != null) {
                return result;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit + ": " + what);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }
}
