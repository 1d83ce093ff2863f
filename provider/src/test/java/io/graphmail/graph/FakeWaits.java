package io.graphmail.graph;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A clock that moves only when told to or when graphmail waits; every wait is recorded instead of slept. */
public final class FakeWaits implements Waits {

    private long now = 1_000_000_000L;
    private final List<Duration> waits = new ArrayList<>();

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    @Override
    public synchronized void sleep(Duration duration) {
        waits.add(duration);
        now += duration.toNanos();
    }

    public synchronized void advance(Duration d) {
        now += d.toNanos();
    }

    /** Every wait graphmail asked for, in order. */
    public synchronized List<Duration> waits() {
        return List.copyOf(waits);
    }
}
