package io.graphmail.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code --profile SCENARIO}: where graphmail's CPU goes, next to RAW's for the same work. Each variant runs twice:
 * once without JFR, with class loading logged and CPU read per thread kind at the end (JIT, GC, senders: what JFR
 * cannot sample), once under JFR with 1 ms execution sampling (JFR's own start-up is in that run's CPU, so its
 * figures are for comparison between the two variants only). Writes {@code profile-SCENARIO.md} and keeps both
 * recordings (for JDK Mission Control or {@code jfr print --events jdk.ExecutionSample}) and both class-load logs.
 */
final class Profiler {
    private static final int TOP = 20;

    private final Runner runner;
    private final Path work;
    private final Path out;

    Profiler(Runner runner, Path work, Path out) {
        this.runner = runner;
        this.work = work;
        this.out = out;
    }

    void profile(Scenario s) throws IOException, InterruptedException {
        System.out.println("profiling " + s.description() + " ...");
        JfrSummary[] jfr = new JfrSummary[2];
        ClassLoadSummary[] loaded = new ClassLoadSummary[2];
        Sample[] plain = new Sample[2];
        for (Variant v : Variant.values()) {
            String name = v.name().toLowerCase(Locale.ROOT);
            Path recording = work.resolve(name + ".jfr");
            runner.run(s, v, 0, List.of("-XX:StartFlightRecording=filename=" + recording
                + ",settings=profile,jdk.ExecutionSample#period=1ms,jdk.Compilation#threshold=0ms,jdk.TLSHandshake#enabled=true"));
            jfr[v.ordinal()] = JfrSummary.read(recording);
            Files.copy(recording, out.resolve("profile-" + s.name() + "-" + name + ".jfr"),
                StandardCopyOption.REPLACE_EXISTING);
            Path classLog = work.resolve(name + "-classes.log");
            plain[v.ordinal()] = runner.run(s, v, 0, List.of("-Xlog:class+load=info:file=" + classLog,
                "-Dbench.threadCpu=true"));
            loaded[v.ordinal()] = ClassLoadSummary.read(classLog);
            Files.copy(classLog, out.resolve("profile-" + s.name() + "-" + name + "-classes.log"),
                StandardCopyOption.REPLACE_EXISTING);
        }
        String md = render(s, jfr, loaded, plain);
        Path file = out.resolve("profile-" + s.name() + ".md");
        Files.writeString(file, md);
        System.out.println(md);
        System.out.println("written: " + file + ", and beside it both recordings (.jfr) and class-load logs");
    }

    private static String render(Scenario s, JfrSummary[] jfr, ClassLoadSummary[] loaded, Sample[] plain) {
        JfrSummary g = jfr[Variant.GRAPHMAIL.ordinal()];
        JfrSummary r = jfr[Variant.RAW.ordinal()];
        StringBuilder b = new StringBuilder("# Profile: " + s.description() + "\n\n");
        b.append(String.format(Locale.ROOT, "Without JFR (class-load logging run): client CPU graphmail %.0f ms, "
                + "RAW %.0f ms, peak RSS %.1f / %.1f MiB.%n%n", plain[0].cpuMillis(), plain[1].cpuMillis(),
            plain[0].peakRssKib() / 1024.0, plain[1].peakRssKib() / 1024.0));
        b.append("## CPU by thread kind, ms (same run, from /proc/self/task at the end of sending; 10 ms ticks)\n\n");
        side(b, "thread", tally(plain[0].threadCpu()), tally(plain[1].threadCpu()), TOP);
        b.append('\n');
        b.append("## CPU samples by library (1 ms JFR execution samples of Java code; JIT and GC threads are not "
            + "sampled)\n\n");
        b.append("A sample is charged to the topmost frame outside the JDK: the library that asked for the work.\n\n");
        side(b, "library", g.byLibrary, r.byLibrary, TOP);
        b.append(String.format(Locale.ROOT, "%nJIT compilations: graphmail %d (%.0f ms in compiler threads), RAW %d "
                + "(%.0f ms). GC: graphmail %d collections, %.0f ms paused; RAW %d, %.0f ms. TLS handshakes: graphmail "
                + "%d, RAW %d.%n%n", g.compilations, g.compilationMillis, r.compilations, r.compilationMillis,
            g.collections, g.gcPauseMillis, r.collections, r.gcPauseMillis, g.tlsHandshakes, r.tlsHandshakes));
        b.append("## Samples by thread\n\n");
        side(b, "thread", g.threads, r.threads, 10);
        b.append("\n## graphmail's and the bench's methods, inclusive, graphmail child (samples with the method anywhere "
            + "on the stack)\n\n");
        single(b, "method", g.oursInclusive, g.samples, TOP);
        b.append("\n## The bench's methods, inclusive, RAW child\n\n");
        single(b, "method", r.oursInclusive, r.samples, TOP);
        b.append("\n## Hottest methods by self time, graphmail\n\n");
        single(b, "method", g.selfMethods, g.samples, TOP);
        b.append("\n## Hottest methods by self time, RAW\n\n");
        single(b, "method", r.selfMethods, r.samples, TOP);
        b.append("\n## Allocation by library (JFR's sampled allocation weight, MiB)\n\n");
        Tally ga = mib(g.allocationByLibrary);
        Tally ra = mib(r.allocationByLibrary);
        side(b, "library", ga, ra, TOP);
        ClassLoadSummary gl = loaded[Variant.GRAPHMAIL.ordinal()];
        ClassLoadSummary rl = loaded[Variant.RAW.ordinal()];
        b.append("\n## Classes loaded, by source\n\n");
        side(b, "source", gl.bySource, rl.bySource, TOP);
        Tally more = new Tally();
        for (String pkg : gl.jdkByPackage.keys()) {
            long d = gl.jdkByPackage.get(pkg) - rl.jdkByPackage.get(pkg);
            if (d > 0) {
                more.add(pkg, d);
            }
        }
        b.append("\n## JDK packages from which graphmail loads more classes than RAW (lambdas included)\n\n");
        single(b, "package", more, more.total(), TOP);
        return b.toString();
    }

    private static Tally tally(Map<String, Long> values) {
        Tally t = new Tally();
        values.forEach(t::add);
        return t;
    }

    private static Tally mib(Tally bytes) {
        Tally t = new Tally();
        for (String k : bytes.keys()) {
            t.add(k, Math.round(bytes.get(k) / (1024.0 * 1024.0)));
        }
        return t;
    }

    private static void side(StringBuilder b, String what, Tally g, Tally r, int top) {
        b.append("| ").append(what).append(" | graphmail | RAW | difference |\n|---|---:|---:|---:|\n");
        Set<String> keys = new LinkedHashSet<>();
        g.top(top).forEach(e -> keys.add(e.getKey()));
        r.top(top).forEach(e -> keys.add(e.getKey()));
        for (String k : keys) {
            if (g.get(k) == 0 && r.get(k) == 0) {
                continue;
            }
            b.append(String.format(Locale.ROOT, "| %s | %d | %d | %+d |%n", k, g.get(k), r.get(k), g.get(k) - r.get(k)));
        }
        b.append(String.format(Locale.ROOT, "| **total** | %d | %d | %+d |%n", g.total(), r.total(),
            g.total() - r.total()));
    }

    private static void single(StringBuilder b, String what, Tally t, long total, int top) {
        b.append("| ").append(what).append(" | count | share |\n|---|---:|---:|\n");
        for (Map.Entry<String, Long> e : t.top(top)) {
            b.append(String.format(Locale.ROOT, "| %s | %d | %.1f%% |%n", e.getKey(), e.getValue(),
                total == 0 ? 0 : 100.0 * e.getValue() / total));
        }
    }
}
