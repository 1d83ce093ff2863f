package io.graphmail.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts one {@link Child} JVM, waits for it (killing it if it hangs) and reads its RESULT line. graphmail and RAW
 * children get the same java and the same flags; each its own application's class path ({@link ChildClasspath}).
 */
final class ChildJvm {
    private static final Pattern RESULT = Pattern.compile(
        "RESULT cpuNanos=(-?\\d+) peakRssKib=(-?\\d+) wallMillis=(-?\\d+) sent=(\\d+)");
    private static final Pattern THREAD = Pattern.compile("(?m)^THREAD (\\d+) (.+)$");
    private static final long TIMEOUT_MINUTES = 10;

    /** Numbers each child's output files; a failed child's files are kept for reading. */
    private int started;

    private final Path java;
    private final List<String> flags;
    private final Map<Variant, String> classpaths;
    private final Path workDir;
    /** What children wrote to stderr, each text shown once: a warning in the measured JVM is part of what it did. */
    private final Set<String> stderrSeen = new HashSet<>();

    ChildJvm(List<String> flags, Map<Variant, String> classpaths, Path workDir) {
        this.java = Path.of(System.getProperty("java.home"), "bin", "java");
        this.flags = List.copyOf(flags);
        this.classpaths = Map.copyOf(classpaths);
        this.workDir = workDir;
    }

    List<String> flags() {
        return flags;
    }

    /**
     * The child's own measurements; the caller adds what the sandbox saw.
     *
     * @param threadCpu milliseconds per thread kind when the child was asked for them, else empty
     */
    record Result(long cpuNanos, long peakRssKib, long wallMillis, Map<String, Long> threadCpu) {
    }

    Result run(Variant variant, Scenario s, Path mailProperties, List<String> extraFlags)
        throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        cmd.addAll(flags);
        cmd.addAll(extraFlags);
        cmd.add("-cp");
        cmd.add(classpaths.get(variant));
        cmd.add(Child.class.getName());
        cmd.add(variant.name());
        cmd.add(Integer.toString(s.count()));
        cmd.add(Integer.toString(s.threads()));
        cmd.add(Integer.toString(s.bodyBytes()));
        cmd.add(Integer.toString(s.attachmentBytes()));
        cmd.add(mailProperties.toString());
        int n = ++started;
        Path out = workDir.resolve("child-" + n + ".out");
        Path err = workDir.resolve("child-" + n + ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                throw new IOException(variant.label + " child for " + s.name() + " did not finish in "
                    + TIMEOUT_MINUTES + " minutes");
            }
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly().waitFor();
            }
        }
        String stdout = Files.readString(out);
        Matcher m = RESULT.matcher(stdout);
        if (p.exitValue() != 0 || !m.find()) {
            throw new IOException(variant.label + " child for " + s.name() + " failed (exit " + p.exitValue()
                + "):\n" + tail(stdout + Files.readString(err)));
        }
        String stderr = Files.readString(err).strip();
        // java.util.logging's time stamp line differs per child; the rest says whether it is news
        String gist = stderr.replaceAll("(?m)^[A-Z][a-z]{2} \\d{1,2}, \\d{4} .*$", "");
        if (!stderr.isEmpty() && stderrSeen.add(variant + gist)) {
            System.out.println("  (" + variant.label + " child wrote to stderr, shown once:)\n    "
                + tail(stderr).replace("\n", "\n    "));
        }
        Files.delete(out);
        Files.delete(err);
        Map<String, Long> threads = new TreeMap<>();
        for (Matcher t = THREAD.matcher(stdout); t.find(); ) {
            threads.merge(t.group(2), Long.parseLong(t.group(1)), Long::sum);
        }
        return new Result(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
            threads);
    }

    private static String tail(String text) {
        return text.length() <= 4000 ? text : "..." + text.substring(text.length() - 4000);
    }
}
