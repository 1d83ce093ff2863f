package io.graphmail.graph;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A clock that moves only when told to or when graphmail waits; every wait is recorded instead of slept. */
public final class FakeWaits implements Waits {

    private static final long START = 1_000_000_000L;
    private long now = START;
    /** The time of day when this clock was made; it moves on with {@link #nanoTime()}. */
    private final java.time.Instant epoch = java.time.Instant.now();
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

    @Override
    public java.time.Clock clock() {
        return new java.time.Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public java.time.Instant instant() {
                return epoch.plusNanos(nanoTime() - START);
            }
        };
    }

    public synchronized void advance(Duration d) {
        now += d.toNanos();
    }

    /** Every wait graphmail asked for, in order. */
    public synchronized List<Duration> waits() {
        return List.copyOf(waits);
    }
}
