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

    static final String USAGE = """
        usage: java -jar bench/target/graphmail-bench.jar [options]
          --reps N              children per variant and scenario (default 5); medians are reported
          --scenarios a,b       some of: small-1t, small-4t, large-4t, startup (default all)
          --jvm-flags "..."     flags of every child JVM (default "%s")
          --out DIR             where results.md and samples.csv go (default bench/target/bench-results)
          --profile SCENARIO    instead of measuring: one graphmail and one RAW child of SCENARIO under JFR and
                                with class loading logged, summarised side by side (where the extra CPU goes)
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
                default -> throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
            }
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
