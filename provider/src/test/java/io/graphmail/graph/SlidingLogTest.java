package io.graphmail.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The window's arithmetic across the ring's growth, wrap-around and shrinking. */
class SlidingLogTest {

    private static final long WINDOW = 1000;

    @Test
    void countsWhatIsInTheWindowThroughGrowthWrapAndShrink() {
        SlidingLog log = new SlidingLog();
        for (long t = 0; t < 3000; t++) {
            log.add(t, 1);
            assertEquals(Math.min(t + 1, WINDOW), log.used(t, WINDOW), "at " + t);
        }
        // 1000 in the window (times 2000..2999): room for 1000 more only once each leaves
        assertEquals(2000 + WINDOW - 2999, log.waitFor(1, 1000, 2999, WINDOW));
        assertEquals(2009 + WINDOW - 2999, log.waitFor(10, 1000, 2999, WINDOW));
        assertEquals(0, log.waitFor(1, 1001, 2999, WINDOW));
        // quiet again: everything leaves, the ring shrinks, and it still counts right
        assertEquals(0, log.used(5000, WINDOW));
        log.add(5000, 7);
        log.add(5500, 3);
        assertEquals(10, log.used(5600, WINDOW));
        assertEquals(3, log.used(6000, WINDOW));
        assertEquals(5500 + WINDOW - 6000, log.waitFor(5, 6, 6000, WINDOW));
        assertEquals(0, log.waitFor(50, 6, 6600, WINDOW));   // larger than the room, but the window is empty
    }
}
