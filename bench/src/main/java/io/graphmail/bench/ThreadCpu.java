package io.graphmail.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU per thread kind of this process, from /proc/self/task (Linux): JIT compiler threads, the VM thread (where the
 * serial collector runs), the sending pool, the HTTP client's threads. JFR samples Java code only; this says how much
 * of a child's CPU is JIT and GC at all. Only threads alive when it is called are listed; the rest of the process
 * total is reported as "exited threads".
 */
final class ThreadCpu {
    /** Linux reports task times in clock ticks of 1/100 s to user space. */
    private static final long MILLIS_PER_TICK = 10;

    private ThreadCpu() {
    }

    /** Linux keeps 15 characters of a thread's name; the JVM's own threads get readable names back. */
    static String kind(String osName) {
        String k = osName.replaceAll("\\d+", "N").replaceAll("\\s+", " ").trim();
        return switch (k) {
            case "CN CompilerThre" -> "JIT compiler threads (C1 and C2)";
            case "VM Thread" -> "VM thread (serial GC, safepoints)";
            case "java" -> "main (JVM start and the bench's main)";
            default -> k;
        };
    }

    /**
     * @return one line per thread kind, {@code THREAD <ms> <kind>} (the kind last: it may hold any character), or
     *     nothing where /proc is absent
     */
    static String snapshot(long processCpuNanos) {
        Map<String, Long> byKind = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    // after the name: state is field 3 of the man page, utime 14 and stime 15
                    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    byKind.merge(kind(name), ticks * MILLIS_PER_TICK, Long::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended while being read: its time is in "exited threads"
                }
            }
        } catch (IOException e) {
            return "";
        }
        long live = byKind.values().stream().mapToLong(Long::longValue).sum();
        byKind.put("(exited threads)", Math.max(0, processCpuNanos / 1_000_000 - live));
        StringBuilder b = new StringBuilder();
        byKind.forEach((k, v) -> b.append("THREAD ").append(v).append(' ').append(k).append('\n'));
        return b.toString();
    }
}
