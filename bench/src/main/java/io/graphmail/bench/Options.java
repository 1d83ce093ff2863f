package io.graphmail.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The bench's command line. */
final class Options {
    /**
     * Same for graphmail and RAW children. Serial GC: no concurrent GC threads whose CPU would blur the figures on a
     * busy machine. A small fixed initial heap: the default is 1/64 of the machine's RAM, which would make peak RSS
     * a property of the machine (eden touched in full) rather than of the sender; from 16 MB the heap grows by need.
     */
    static final String DEFAULT_FLAGS = "-Xms16m -Xmx256m -XX:+UseSerialGC";

    int reps = 5;
    List<Scenario> scenarios = Scenario.ALL;
    List<String> jvmFlags = split(DEFAULT_FLAGS);
    Path out;
    Scenario profile;
    boolean pacing;
    int pacingRequests = 100;
    long pacingWindowMillis = 6000;
    int pacingSeconds = 120;
    int pacingWarmUpWindows = 2;
    int pacingThreads = 8;

    static final String USAGE = """
        usage: java -jar bench/target/graphmail-bench.jar [options]
          --reps N              children per variant and scenario (default 5); medians are reported
          --scenarios a,b       some of: small-1t, small-4t, large-4t, startup (default all)
          --jvm-flags "..."     flags of every child JVM (default "%s")
          --out DIR             where results.md and samples.csv go (default bench/target/bench-results)
          --profile SCENARIO    instead of measuring: one graphmail and one RAW child of SCENARIO under JFR and
                                with class loading logged, summarised side by side (where the extra CPU goes)
          --pacing              instead: the pacing bench, one node then two nodes sending to one mailbox of a
                                sandbox with a compressed request budget (docs/performance.md, section 9)
          --pacing-requests N   the budget's requests per window (default 100)
          --pacing-window-ms N  the budget's window (default 6000: Graph's 10,000 per 10 min at time scale 0.01)
          --pacing-seconds N    how long each scenario sends (default 120)
          --pacing-warmup N     windows at the start not counted in the figures after warm-up (default 2)
          --pacing-threads N    sending threads per node (default 8)
        """.formatted(DEFAULT_FLAGS);

    static Options parse(String[] args) {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--reps" -> o.reps = Integer.parseInt(value(args, ++i, a));
                case "--scenarios" -> o.scenarios = Arrays.stream(value(args, ++i, a).split(","))
                    .map(String::trim).map(Scenario::named).toList();
                case "--jvm-flags" -> o.jvmFlags = split(value(args, ++i, a));
                case "--out" -> o.out = Path.of(value(args, ++i, a));
                case "--profile" -> o.profile = Scenario.named(value(args, ++i, a));
                case "--pacing" -> o.pacing = true;
                case "--pacing-requests" -> o.pacingRequests = Integer.parseInt(value(args, ++i, a));
                case "--pacing-window-ms" -> o.pacingWindowMillis = Long.parseLong(value(args, ++i, a));
                case "--pacing-seconds" -> o.pacingSeconds = Integer.parseInt(value(args, ++i, a));
                case "--pacing-warmup" -> o.pacingWarmUpWindows = Integer.parseInt(value(args, ++i, a));
                case "--pacing-threads" -> o.pacingThreads = Integer.parseInt(value(args, ++i, a));
                default -> throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
            }
        }
        if (o.pacingRequests < 1 || o.pacingWindowMillis < 1 || o.pacingThreads < 1
            || o.pacingWarmUpWindows * o.pacingWindowMillis >= o.pacingSeconds * 1000L) {
            throw new IllegalArgumentException("--pacing-* values must be positive, the warm-up shorter than the run");
        }
        if (o.reps < 1) {
            throw new IllegalArgumentException("--reps must be at least 1");
        }
        return o;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return args[i];
    }

    private static List<String> split(String flags) {
        List<String> out = new ArrayList<>();
        for (String f : flags.trim().split("\\s+")) {
            if (!f.isEmpty()) {
                out.add(f);
            }
        }
        return out;
    }
}
