package io.graphmail.bench;

import io.graphmail.sandbox.Sandbox;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * graphmail against a bare java.net.http sender (RAW), in one run against one in-process sandbox: each measurement is
 * a fresh child JVM, graphmail and RAW interleaved, medians of {@code --reps}; ratios to the console, to
 * {@code results.md} and every sample to {@code samples.csv}. The sandbox runs here, in the parent, so its CPU is
 * never counted as the client's. docs/performance.md explains the method and the figures.
 */
public final class Bench {
    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Path benchDir = Path.of(Bench.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        Path out = o.out != null ? o.out : benchDir.resolve("bench-results");
        Path work = Files.createTempDirectory("graphmail-bench-");
        boolean ok = false;
        if (o.pacing) {
            Files.createDirectories(out);
            System.out.println(Environment.describe(o.jvmFlags));
            String md = "# graphmail pacing bench, " + Instant.now().toString().substring(0, 16).replace('T', ' ')
                + " UTC\n\n" + Environment.describe(o.jvmFlags) + "\n" + new PacingBench(o, work).run();
            System.out.println();
            System.out.println(md);
            Files.writeString(out.resolve("pacing.md"), md);
            System.out.println("written: " + out.resolve("pacing.md"));
            deleteTree(work);
            return;
        }
        try (Sandbox sandbox = Sandbox.start()) {
            Path props = work.resolve("mail.properties");
            writeProperties(sandbox.mailProperties(), props);
            Map<Variant, String> classpaths = new EnumMap<>(Variant.class);
            for (Variant v : Variant.values()) {
                classpaths.put(v, ChildClasspath.resolve(v));
            }
            ChildJvm jvm = new ChildJvm(o.jvmFlags, classpaths, work);
            Runner runner = new Runner(sandbox, jvm, props, System.out);
            Files.createDirectories(out);
            if (o.profile != null) {
                new Profiler(runner, work, out).profile(o.profile);
            } else {
                measure(o, runner, jvm, out);
            }
            ok = true;
        } finally {
            if (ok) {
                deleteTree(work);
            } else {
                System.err.println("child output kept in " + work);
            }
        }
    }

    private static void measure(Options o, Runner runner, ChildJvm jvm, Path out)
        throws IOException, InterruptedException {
        Instant start = Instant.now();
        String env = Environment.describe(jvm.flags());
        System.out.println(env);
        System.out.println("warm-up (not counted) ...");
        runner.warmUp();
        List<Sample> samples = new ArrayList<>();
        for (Scenario s : o.scenarios) {
            System.out.println(s.description() + ":");
            samples.addAll(runner.measure(s, o.reps));
        }
        Report report = new Report(samples);
        Duration took = Duration.between(start, Instant.now());
        String md = "# graphmail bench, " + Instant.now().toString().substring(0, 16).replace('T', ' ') + " UTC\n\n"
            + env + "\nMedians of " + o.reps + " children per variant; ratios are graphmail / RAW. This run took "
            + took.toSeconds() + " s.\n\n" + report.markdown();
        System.out.println();
        System.out.println(md);
        Files.writeString(out.resolve("results.md"), md);
        Files.writeString(out.resolve("samples.csv"), report.csv());
        System.out.println("written: " + out.resolve("results.md") + ", " + out.resolve("samples.csv"));
    }

    private static void writeProperties(Properties p, Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file)) {
            p.store(w, "the sandbox's session properties, for the children");
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
