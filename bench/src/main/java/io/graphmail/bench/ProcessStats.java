package io.graphmail.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * What this process has cost so far. Read by a measured child at its end, so that the figure covers the whole
 * process: JVM start, class loading, JIT and GC threads, and every sending thread, exited ones included.
 */
final class ProcessStats {
    private ProcessStats() {
    }

    /**
     * User + system CPU of all threads since the process started. The JDK reads it from /proc/self/stat on Linux
     * (clock ticks, 10 ms resolution): cheap, and nothing like JMX has to be loaded into the measured JVM for it.
     *
     * @return nanoseconds, or -1 when the platform does not say
     */
    static long cpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    /** @return the process's peak resident set size (VmHWM) in KiB, or -1 where /proc does not exist */
    static long peakRssKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.substring(6).replace("kB", "").trim());
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: reported as unknown
        }
        return -1;
    }

    /** @return milliseconds since the process started (10 ms resolution), or -1 */
    static long wallMillisSinceStart() {
        return ProcessHandle.current().info().startInstant()
            .map(start -> Duration.between(start, Instant.now()).toMillis()).orElse(-1L);
    }
}
