package io.graphmail.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The sandbox's idea of now: the wall clock plus an offset that tests move forward, so lifetimes of what the sandbox
 * issues (access and refresh tokens, authorization and device codes) run out without a test waiting for them. It
 * never goes back. Timestamps made by clients (client assertions) are still judged against the wall clock: the
 * client has not waited either.
 */
public final class SandboxClock {
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    /** @return the sandbox's current time */
    public Instant now() {
        return Instant.now().plus(offset.get());
    }

    /**
     * @param by how far to move time on
     * @throws IllegalArgumentException when {@code by} is negative
     */
    public void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("the sandbox clock only goes forward");
        }
        offset.updateAndGet(o -> o.plus(by));
    }

    /** @return this clock as a {@link java.time.Clock}, for code that takes one */
    public java.time.Clock asClock() {
        SandboxClock self = this;
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
            public Instant instant() {
                return self.now();
            }
        };
    }

    /** @return how far the clock was moved on since start */
    public Duration offset() {
        return offset.get();
    }
}
